import { readdirSync, readFileSync } from 'node:fs';
import proto from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { createDataConverter } from '../../crypto/data-converter';
import { testCodecKey, workflowBundle } from '../support/worker';

/**
 * Long-lived workflows (credential timers sleep for months) must replay on today's code. Each recorded
 * history (test/replay/record-histories.test.ts; `v1-*` were recorded on the workflow code before the
 * hardening changes, `v2-*` after them, `v3-*` after backups came in (the prune behind a patch, the backup,
 * deletion-log and debug-copy workflows): today's code must replay all) is replayed against the current workflow bundle: a change that is not deterministic
 * fails here. Payloads are sealed with the test codec key; they hold simulator data only.
 */
const dir = new URL('./histories/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('recorded workflow histories replay on the current workflow code', () => {
  it('has a history of every workflow kind', () => {
    const kinds = new Set(files.map((f) => f.replace(/^v\d+-/, '').replace(/\.json$/, '')));
    for (const kind of ['sale-posted', 'sale-failed', 'tenant-sync-continued-as-new', 'error-redaction-sleeping', 'credential-retention-renewed',
      'credential-retention-deleted', 'logPurge', 'statutoryPurge', 'analyticsPurge', 'backupPrune', 'connection-test',
      'token-keeper-dead-and-reconnected', 'oauth-connect',
      'databaseBackup', 'deletionLogShip', 'debug-copy-destroyed',
      // Refunds, corrections, backfill and completeness (issue 10); recorded by record-refund-histories.test.ts.
      'refund-credited', 'refund-waited-for-invoice', 'refund-cancellation', 'correction', 'tenant-sync-with-refunds', 'backfill', 'completeness-check',
      // Per-request rate budget, read models and day redaction timers (issue 16); v3-perf-backupPrune is the perf branch's v3 prune.
      'error-redaction-day-sleeping', 'perf-backupPrune']) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it('replays every history without a non-determinism error', async () => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // another test of this file's process installed it
    }
    const histories = files.map((file) => ({
      workflowId: file,
      history: proto.temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>),
    }));
    const results: { file: string; error: string | null }[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), dataConverter: createDataConverter(testCodecKey) }, histories)) {
      results.push({ file: result.workflowId, error: result.error ? `${result.error.name}: ${result.error.message}` : null });
    }
    expect(results.map((r) => r.file).sort()).toEqual(files);
    expect(results.filter((r) => r.error !== null)).toEqual([]);
  });
});
