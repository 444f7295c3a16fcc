/**
 * Names of backups and deletion-log entries in the object store, and the schedules that make and
 * prune them. Object keys carry the moment and an id only (never personal data); the moment in the
 * key is what the prune reads, so the store alone says which backups are past their term.
 */

export const BACKUP_SCHEDULE_ID = 'backup-daily';
export const BACKUP_PRUNE_SCHEDULE_ID = 'retention-backup-prune';

export const BACKUPS_FOLDER = 'backups/';
export const DELETION_LOG_FOLDER = 'deletion-log/';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** 2026-12-01T03:40:00.123Z → 20261201T034000123Z (sorts by time, no characters S3 dislikes). */
function stamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

function parseStamp(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(text);
  if (!m) return null;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function objectKey(folder: string, suffix: string, id: string, at: Date): string {
  if (!UUID.test(id)) throw new RangeError('object ids are lower-case UUIDs');
  return `${folder}${stamp(at)}_${id}${suffix}`;
}

function parseObjectKey(folder: string, suffix: string, key: string): { id: string; at: Date } | null {
  if (!key.startsWith(folder) || !key.endsWith(suffix)) return null;
  const [stampText = '', id = ''] = key.slice(folder.length, key.length - suffix.length).split('_');
  const at = parseStamp(stampText);
  return at && UUID.test(id) ? { id, at } : null;
}

export const backupObjectKey = (backupId: string, takenAt: Date) => objectKey(BACKUPS_FOLDER, '.dzb', backupId, takenAt);
export const parseBackupObjectKey = (key: string) => parseObjectKey(BACKUPS_FOLDER, '.dzb', key);
export const deletionLogObjectKey = (entryId: string, at: Date) => objectKey(DELETION_LOG_FOLDER, '.dzl', entryId, at);
export const parseDeletionLogObjectKey = (key: string) => parseObjectKey(DELETION_LOG_FOLDER, '.dzl', key);

/**
 * A deletion that must survive a restore of an older backup. Kept outside the backups (in the store
 * next to them) and replayed after every restore. Ids only: no e-mail address or name.
 */
export type DeletionLogEntry =
  | { id: string; kind: 'tenant-key-shredded'; tenantId: string; at: string }
  | { id: string; kind: 'debtor-erased'; tenantId: string; at: string; debtorIds: string[]; saleErrorIds: string[] };

export type DeletionKind = DeletionLogEntry['kind'];

export const debugCopyWorkflowId = (copyId: string) => {
  if (!UUID.test(copyId)) throw new RangeError('copy ids are lower-case UUIDs');
  return `debug-copy:${copyId}`;
};

export const deletionLogShipWorkflowId = (entryId: string) => {
  if (!UUID.test(entryId)) throw new RangeError('entry ids are lower-case UUIDs');
  return `deletion-log-ship:${entryId}`;
};
