import { describe, expect, it } from 'vitest';
import { backupObjectKey, deletionLogObjectKey, parseBackupObjectKey, parseDeletionLogObjectKey } from './backups';

const id = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('object keys of backups and deletion-log entries', () => {
  it('carry the moment and the id, sort by time, and parse back', () => {
    const at = new Date('2026-12-01T03:40:00.123Z');
    const key = backupObjectKey(id, at);
    expect(key).toBe(`backups/20261201T034000123Z_${id}.dzb`);
    expect(parseBackupObjectKey(key)).toEqual({ id, at });
    expect(backupObjectKey(id, new Date('2026-12-02T00:00:00Z')) > key).toBe(true);
    expect(parseDeletionLogObjectKey(deletionLogObjectKey(id, at))).toEqual({ id, at });
  });

  it('ignore anything else in the bucket', () => {
    expect(parseBackupObjectKey(`backups/notes.txt`)).toBeNull();
    expect(parseBackupObjectKey(deletionLogObjectKey(id, new Date()))).toBeNull();
    expect(parseBackupObjectKey(`backups/20261399T034000123Z_${id}.dzb`)).toBeNull();
    expect(() => backupObjectKey('jan@example.com', new Date())).toThrow(RangeError);
  });
});
