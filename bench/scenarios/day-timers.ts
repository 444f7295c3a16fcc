import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import proto from '@temporalio/proto';
import { registerErrorRedaction } from '../../activities/register-redaction';
import { insertSaleError } from '../../db/queries/sale-errors';
import { insertTenant } from '../../db/queries/tenants';
import { describeError } from '../../domain/error-catalogue';
import { dueAt } from '../../domain/retention-policy';
import { errorRedactionDayWorkflow } from '../../workflows/error-redaction-day.workflow';
import { percentile, progress, round, sleep, waitFor } from '../lib/log';
import type { BenchRuntime } from '../lib/runtime';

const { temporal } = proto;
const DAY = 86_400_000;

export interface DayTimersOptions {
  taskQueue: string;
  /** Pending redactions (error records) to register. */
  count: number;
  tenants: number;
  /** Errors spread over this many past days, so their redactions fall due over as many days. */
  days: number;
  concurrency: number;
  timeoutMs: number;
}

export interface DayTimersResult {
  pending_redactions: number;
  day_workflows: number;
  /** Registration as the sale workflow does it: the error's day row, and the day's workflow started the first time. */
  register_ms_mean: number;
  register_ms_p99: number;
  /** Registrations per second with `concurrency` at once: 1000 / this is the cost of one in ms of wall time. */
  registrations_per_s: number;
  /** Temporal (SQLite) plus Postgres growth of the registration phase, per pending redaction (the error rows themselves excluded). */
  kb_per_pending_redaction: number;
  temporal_db_mb: number;
  postgres_registration_mb: number;
  /** The error records themselves (kept anyway), for scale. */
  postgres_error_rows_mb: number;
  drain_s: number;
}

/**
 * Pending redactions on the day timers (one workflow per tenant per due day): error records are inserted
 * first (they exist whatever the timer design), then each is registered the way recordSaleError does and
 * the day's workflow started when the registration says so; done when every day workflow has its timer.
 */
export async function runDayTimers(rt: BenchRuntime, options: DayTimersOptions): Promise<DayTimersResult> {
  const tenants = await Promise.all(Array.from({ length: options.tenants }, (_, i) => insertTenant(rt.db, { name: `Bench day timers ${i}` })));
  const now = Date.now();
  const errors = Array.from({ length: options.count }, (_, i) => ({
    tenantId: tenants[i % tenants.length]!.id,
    // Every tenant over the past `days` days (noon of each): due over the next `days` days (two months after each).
    occurredAt: new Date(Math.floor(now / DAY) * DAY - (Math.floor(i / tenants.length) % options.days) * DAY - DAY / 2 + (i % 600) * 1_000),
  }));
  const pgStart = await rt.postgresSizeMb();
  progress(`day timers: inserting ${options.count} error records over ${options.tenants} tenants and ${options.days} days`);
  let next = 0;
  await Promise.all(Array.from({ length: options.concurrency }, async () => {
    while (next < errors.length) {
      const i = next++;
      const e = errors[i]!;
      await insertSaleError(rt.db, {
        tenantId: e.tenantId, source: 'woocommerce', externalId: `b${i}`, orderNumber: `B${i}`, code: 'INVALID_EMAIL', cause: describeError('INVALID_EMAIL').cause,
        template: 'Order {orderNumber} cannot be posted: {summary} (e-mail address on the order: {email})',
        params: { orderNumber: `B${i}`, summary: 'The e-mail address is not valid.' }, pii: { email: `bench${i}@example.org` },
        workflowId: `sale:${e.tenantId}:woocommerce:b${i}`, runId: 'bench', occurredAt: e.occurredAt, redactAt: dueAt('errorRecordRedaction', e.occurredAt),
      });
    }
  }));
  await sleep(1_000);
  const sqliteBefore = rt.temporalDbSizeMb();
  const pgBefore = await rt.postgresSizeMb();

  progress(`day timers: registering ${options.count} redactions`);
  const latencies: number[] = [];
  const dayIds = new Set<string>();
  const started = Date.now();
  next = 0;
  await Promise.all(Array.from({ length: options.concurrency }, async () => {
    while (next < errors.length) {
      const e = errors[next++]!;
      const t0 = performance.now();
      const day = await registerErrorRedaction(rt.db, e.tenantId, e.occurredAt);
      if (day.start) {
        try {
          await rt.client.workflow.start(errorRedactionDayWorkflow, { workflowId: day.workflowId, taskQueue: options.taskQueue, args: [{ tenantId: e.tenantId, dueDay: day.dueDay }] });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }
      latencies.push(performance.now() - t0);
      dayIds.add(day.workflowId);
    }
  }));
  const registeredIn = (Date.now() - started) / 1000;
  const ids = [...dayIds];
  await waitFor(async () => {
    for (const id of ids) {
      const events = (await rt.client.workflow.getHandle(id).fetchHistory()).events ?? [];
      if (!events.some((ev) => ev.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED)) return false;
    }
    return true;
  }, { timeoutMs: options.timeoutMs, intervalMs: 1_000, what: 'every day timer started' });
  const drain = (Date.now() - started) / 1000;
  await sleep(1_000); // let SQLite's WAL settle before reading its size
  const sqliteGrowth = rt.temporalDbSizeMb() - sqliteBefore;
  const pgGrowth = (await rt.postgresSizeMb()) - pgBefore;
  progress(`day timers: ${ids.length} day workflows; SQLite +${sqliteGrowth.toFixed(1)} MiB, Postgres +${pgGrowth.toFixed(1)} MiB`);
  return {
    pending_redactions: options.count,
    day_workflows: ids.length,
    register_ms_mean: round(latencies.reduce((a, b) => a + b, 0) / latencies.length, 2),
    register_ms_p99: round(percentile(latencies, 99), 2),
    registrations_per_s: round(options.count / registeredIn),
    kb_per_pending_redaction: round(((sqliteGrowth + pgGrowth) * 1024) / options.count, 2),
    temporal_db_mb: round(sqliteGrowth),
    postgres_registration_mb: round(pgGrowth),
    postgres_error_rows_mb: round(pgBefore - pgStart),
    drain_s: round(drain),
  };
}
