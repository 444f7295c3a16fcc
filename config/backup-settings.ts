import { ConfigError } from './load-config';
import type { Config } from './schema';

export interface BackupSettings {
  keyring: { current: { id: string; key: Uint8Array }; previous: { id: string; key: Uint8Array }[] };
  s3: {
    endpoint?: string;
    region: string;
    bucket: string;
    prefix: string;
    forcePathStyle: boolean;
    credentials?: { accessKeyId: string; secretAccessKey: string };
  };
}

const bytes = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));

/**
 * The backup key(s) and the object store, or null when DOORZET_BACKUP_KEY is unset (no backups: the daily
 * schedule then fails visibly with BACKUPS_NOT_CONFIGURED). The backup key must differ from the master key:
 * losing or rotating one must not touch the other.
 */
export function backupSettings(config: Config): BackupSettings | null {
  if (!config.DOORZET_BACKUP_KEY) return null;
  const problems: { setting: string; message: string }[] = [];
  if (Buffer.from(config.DOORZET_BACKUP_KEY, 'base64').equals(Buffer.from(config.DOORZET_MASTER_KEY, 'base64'))) {
    problems.push({ setting: 'DOORZET_BACKUP_KEY', message: 'must not be the master key (DOORZET_MASTER_KEY); generate its own with: openssl rand -base64 32' });
  }
  if (!!config.BACKUP_S3_ACCESS_KEY_ID !== !!config.BACKUP_S3_SECRET_ACCESS_KEY) {
    problems.push({ setting: 'BACKUP_S3_ACCESS_KEY_ID', message: 'set both BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY, or neither (AWS default credentials)' });
  }
  const previous = config.DOORZET_PREVIOUS_BACKUP_KEYS.split(',').filter(Boolean).map((pair) => {
    const [id = '', key = ''] = pair.split(':');
    if (!/^[a-z0-9-]{1,32}$/.test(id) || Buffer.from(key, 'base64').length !== 32 || id === config.DOORZET_BACKUP_KEY_ID) {
      problems.push({ setting: 'DOORZET_PREVIOUS_BACKUP_KEYS', message: 'must be a comma-separated list of id:base64-32-byte-key, ids distinct from DOORZET_BACKUP_KEY_ID' });
    }
    return { id, key: bytes(key) };
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    keyring: { current: { id: config.DOORZET_BACKUP_KEY_ID, key: bytes(config.DOORZET_BACKUP_KEY) }, previous },
    s3: {
      ...(config.BACKUP_S3_ENDPOINT ? { endpoint: config.BACKUP_S3_ENDPOINT } : {}),
      region: config.BACKUP_S3_REGION,
      bucket: config.BACKUP_S3_BUCKET,
      prefix: config.BACKUP_S3_PREFIX,
      forcePathStyle: config.BACKUP_S3_FORCE_PATH_STYLE ?? config.BACKUP_S3_ENDPOINT !== undefined,
      ...(config.BACKUP_S3_ACCESS_KEY_ID && config.BACKUP_S3_SECRET_ACCESS_KEY
        ? { credentials: { accessKeyId: config.BACKUP_S3_ACCESS_KEY_ID, secretAccessKey: config.BACKUP_S3_SECRET_ACCESS_KEY } }
        : {}),
    },
  };
}
