import type { BackupRuntime } from '../activities/backups/backup-runner';
import { createS3ObjectStore } from '../activities/backups/object-store';
import { backupSettings, type Config } from '../config';

/** The object store and backup keys from configuration, or undefined when backups are not configured. */
export function backupRuntimeFromConfig(config: Config): BackupRuntime | undefined {
  const settings = backupSettings(config);
  if (!settings) return undefined;
  return { store: createS3ObjectStore(settings.s3), keyring: settings.keyring };
}
