import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import proto from '@temporalio/proto';
import { retentionTimers } from '../../db/schema';
import { insertTenant } from '../../db/queries/tenants';
import { errorRedactionWorkflowId } from '../../domain/workflow-ids';
import { errorRedactionWorkflow } from '../../workflows/error-redaction.workflow';
import { progress, round, sleep, waitFor } from '../lib/log';
import { cpuBetween, snapshotCpu, type Classifier } from '../lib/procs';
import type { BenchRuntime } from '../lib/runtime';

const { temporal } = proto;

export interface TimersOptions {
  taskQueue: string;
  count: number;
  /** Starts in flight at once from the client. */
  startConcurrency: number;
  timeoutMs: number;
  classify: Classifier;
}

export interface TimersResult {
  timers_10k_s: number;
  timers_10k_db_mb: number;
  timers: number;
  starts_s: number;
  temporal_db_mb: number;
  temporal_db_file_growth_mb: number;
  temporal_wal_growth_mb: number;
  postgres_mb: number;
  timers_per_s: number;
  cpu_s: ReturnType<typeof cpuBetween>;
}

const SAMPLE = 40;

async function reachedTimer(rt: BenchRuntime, workflowId: string): Promise<boolean> {
  const history = await rt.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).some((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED);
}

/**
 * 10,000 error-redaction timers (two months each): started from the client, each run's first task registers
 * the timer in Postgres and then sleeps. Time until all are registered and a sample (the last started plus
 * random ones) has its timer started; growth of the dev server's SQLite file and of the Postgres database.
 */
export async function runTimers(rt: BenchRuntime, options: TimersOptions): Promise<TimersResult> {
  const tenant = await insertTenant(rt.db, { name: 'Bench timers' });
  const sqliteBefore = rt.temporalDbSizeMb();
  const filesBefore = rt.temporalDbFilesMb();
  const pgBefore = await rt.postgresSizeMb();
  const occurredAt = new Date().toISOString();
  const ids = Array.from({ length: options.count }, () => randomUUID());
  progress(`timers: starting ${options.count} error-redaction workflows`);
  const before = snapshotCpu(options.classify);
  const started = Date.now();
  let next = 0;
  await Promise.all(Array.from({ length: options.startConcurrency }, async () => {
    while (next < ids.length) {
      const errorId = ids[next++]!;
      await rt.client.workflow.start(errorRedactionWorkflow, {
        workflowId: errorRedactionWorkflowId(errorId), taskQueue: options.taskQueue,
        args: [{ tenantId: tenant.id, errorId, occurredAt }],
      });
    }
  }));
  const startsDone = Date.now();
  progress(`timers: ${options.count} started in ${((startsDone - started) / 1000).toFixed(1)} s`);

  const registered = async () => {
    const [row] = await rt.db.select({ n: sql<number>`count(*)::int` }).from(retentionTimers)
      .where(and(eq(retentionTimers.tenantId, tenant.id), eq(retentionTimers.state, 'pending')));
    return row?.n ?? 0;
  };
  let lastReport = Date.now();
  await waitFor(async () => {
    const n = await registered();
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      progress(`timers: ${n}/${options.count} registered`);
    }
    return n >= options.count;
  }, { timeoutMs: options.timeoutMs, intervalMs: 500, what: `${options.count} registered timers` });
  const sample = [...ids.slice(-SAMPLE / 2), ...Array.from({ length: SAMPLE / 2 }, (_, i) => ids[Math.floor((i * ids.length) / (SAMPLE / 2))]!)];
  await waitFor(async () => {
    for (const id of sample) if (!(await reachedTimer(rt, errorRedactionWorkflowId(id)))) return false;
    return true;
  }, { timeoutMs: options.timeoutMs, intervalMs: 250, what: 'the sampled timers to start' });
  const elapsed = (Date.now() - started) / 1000;
  const after = snapshotCpu(options.classify);
  await sleep(1_000); // let SQLite's WAL settle before reading its size
  const running = await rt.client.workflow.count(`WorkflowType = 'errorRedactionWorkflow' AND ExecutionStatus = 'Running'`);
  const sqliteGrowth = rt.temporalDbSizeMb() - sqliteBefore;
  const filesAfter = rt.temporalDbFilesMb();
  const pgGrowth = (await rt.postgresSizeMb()) - pgBefore;
  progress(`timers: ${running.count} running with a pending timer; SQLite +${sqliteGrowth.toFixed(1)} MiB, Postgres +${pgGrowth.toFixed(1)} MiB`);
  const scale = 10_000 / options.count;
  return {
    timers_10k_s: round(elapsed * scale),
    timers_10k_db_mb: round((sqliteGrowth + pgGrowth) * scale),
    timers: running.count,
    starts_s: round((startsDone - started) / 1000),
    temporal_db_mb: round(sqliteGrowth),
    temporal_db_file_growth_mb: round(filesAfter.db - filesBefore.db),
    temporal_wal_growth_mb: round(filesAfter.wal - filesBefore.wal),
    postgres_mb: round(pgGrowth),
    timers_per_s: round(options.count / elapsed),
    cpu_s: cpuBetween(before, after),
  };
}
