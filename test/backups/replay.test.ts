import { readFile } from 'node:fs/promises';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from '../support/worker';

const History = proto.temporal.api.history.v1.History;

/** Histories recorded from real runs (see test/backups/histories/README.md). */
async function history(name: string) {
  return History.fromObject(JSON.parse(await readFile(new URL(`./histories/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>);
}

describe('backupPruneWorkflow stays replayable across the change to deleting from the store', () => {
  it('replays a run of the earlier version (catalogue only) with today\'s code', async () => {
    const recorded = await history('backup-prune-catalogue-only');
    expect(JSON.stringify(recorded)).toContain('pruneBackups');
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, recorded, 'backup-prune-catalogue-only-recorded')).resolves.toBeUndefined();
  });

  it('replays a run of the current version (store prune, behind a patch marker)', async () => {
    const recorded = await history('backup-prune-store');
    expect(JSON.stringify(recorded)).toMatch(/core_patch.*pruneBackupStore/);
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, recorded, 'backup-prune-store-recorded')).resolves.toBeUndefined();
  });
});
