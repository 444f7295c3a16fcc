import { describe, expect, it } from 'vitest';
import { backupSettings } from './backup-settings';
import { ConfigError, loadConfig } from './load-config';

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const base = { DOORZET_MASTER_KEY: key(1), DOORZET_CODEC_KEY: key(2) };

describe('backup settings', () => {
  it('are off without a backup key', () => {
    expect(backupSettings(loadConfig(base))).toBeNull();
  });

  it('read the key, the previous keys and the S3 store; path style by default for a custom endpoint', () => {
    const settings = backupSettings(loadConfig({
      ...base, DOORZET_BACKUP_KEY: key(3), DOORZET_BACKUP_KEY_ID: 'bk2', DOORZET_PREVIOUS_BACKUP_KEYS: `bk1:${key(4)}`,
      BACKUP_S3_ENDPOINT: 'http://127.0.0.1:4569', BACKUP_S3_BUCKET: 'backups-eu', BACKUP_S3_PREFIX: 'prod/',
      BACKUP_S3_ACCESS_KEY_ID: 'id', BACKUP_S3_SECRET_ACCESS_KEY: 'secret',
    }));
    expect(settings?.keyring.current).toEqual({ id: 'bk2', key: new Uint8Array(32).fill(3) });
    expect(settings?.keyring.previous).toEqual([{ id: 'bk1', key: new Uint8Array(32).fill(4) }]);
    expect(settings?.s3).toEqual({
      endpoint: 'http://127.0.0.1:4569', region: 'eu-central-1', bucket: 'backups-eu', prefix: 'prod/', forcePathStyle: true,
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    });
    expect(backupSettings(loadConfig({ ...base, DOORZET_BACKUP_KEY: key(3) }))?.s3).toEqual({ region: 'eu-central-1', bucket: 'doorzet-backups', prefix: '', forcePathStyle: false });
  });

  it('refuse the master key as backup key, half a key pair, and malformed settings', () => {
    expect(() => backupSettings(loadConfig({ ...base, DOORZET_BACKUP_KEY: key(1) }))).toThrow(/must not be the master key/);
    expect(() => backupSettings(loadConfig({ ...base, DOORZET_BACKUP_KEY: key(3), BACKUP_S3_ACCESS_KEY_ID: 'id' }))).toThrow(ConfigError);
    expect(() => backupSettings(loadConfig({ ...base, DOORZET_BACKUP_KEY: key(3), DOORZET_PREVIOUS_BACKUP_KEYS: 'bk0:short' }))).toThrow(/DOORZET_PREVIOUS_BACKUP_KEYS/);
    expect(() => loadConfig({ ...base, DOORZET_BACKUP_KEY: 'short' })).toThrow(/DOORZET_BACKUP_KEY/);
    expect(() => loadConfig({ ...base, BACKUP_S3_PREFIX: 'no-slash' })).toThrow(/BACKUP_S3_PREFIX/);
  });
});
