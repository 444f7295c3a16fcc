import proto from '@temporalio/proto';
import { createRedactionDayStarter } from '../../activities/redaction-day-starter';
import { registerErrorRedaction } from '../../activities/register-redaction';
import { listDayTimerDeletions } from '../../db/queries/redaction-days';
import { insertSaleError } from '../../db/queries/sale-errors';
import { insertTenant } from '../../db/queries/tenants';
import { describeError } from '../../domain/error-catalogue';
import { dueAt } from '../../domain/retention-policy';
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
  /** Registration as recordSaleError does it: the error's day row, and the day's workflow started until it has run. */
  register_ms_mean: number;
  register_ms_p99: number;
  /** The same, the first registration of each day (a Postgres insert plus the workflow start) apart from the rest. */
  register_ms_mean_first_of_day: number;
  register_ms_mean_rest: number;
  /** Registrations per second with `concurrency` at once: 1000 / this is the cost of one in ms of wall time. */
  registrations_per_s: number;
  /** Temporal (SQLite) plus Postgres growth of the registration phase, per pending redaction (the error rows themselves excluded). */
  kb_per_pending_redaction: number;
  temporal_db_mb: number;
  postgres_registration_mb: number;
  /** The error records themselves (kept anyway), for scale. */
  postgres_error_rows_mb: number;
  drain_s: number;
  /** Pending redactions the API lists (GET /tenants/:id/privacy/deletions reads listDayTimerDeletions), all tenants. */
  api_listed: number;
  /** The slowest tenant's listing (10,000 pending each at the default size), ms. */
  api_list_ms_max: number;
  /** Day workflows sampled with describe() (what the Temporal UI shows) and found running. */
  ui_sampled: number;
  ui_running: number;
}

/**
 * Pending redactions on the day timers (one workflow per tenant per due day): error records are inserted
 * first (they exist whatever the timer design), then each is registered the way the worker's recordSaleError
 * does (the day's row, and its workflow started from there until it has run); done when every day workflow
 * has its timer. Then the API's listing and the day workflows (as the Temporal UI shows them) are checked.
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
  // What the worker's recordSaleError passes: the day's workflow is started from the activity until it has run.
  const startDay = createRedactionDayStarter(rt.client, options.taskQueue);
  const latencies: number[] = [];
  const firstOfDay: number[] = [];
  const dayIds = new Set<string>();
  const started = Date.now();
  next = 0;
  await Promise.all(Array.from({ length: options.concurrency }, async () => {
    while (next < errors.length) {
      const e = errors[next++]!;
      const t0 = performance.now();
      const day = await registerErrorRedaction(rt.db, e.tenantId, e.occurredAt, startDay);
      const ms = performance.now() - t0;
      latencies.push(ms);
      if (!dayIds.has(day.workflowId)) firstOfDay.push(ms);
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
  // Each pending redaction is listed by the API, and its day workflow runs (the Temporal UI's view of it).
  let apiListed = 0;
  let apiListMax = 0;
  for (const tenant of tenants) {
    const t0 = performance.now();
    apiListed += (await listDayTimerDeletions(rt.db, tenant.id)).length;
    apiListMax = Math.max(apiListMax, performance.now() - t0);
  }
  const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 40)) === 0);
  let running = 0;
  for (const id of sample) if ((await rt.client.workflow.getHandle(id).describe()).status.name === 'RUNNING') running++;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const rest = latencies.length - firstOfDay.length;
  return {
    pending_redactions: options.count,
    day_workflows: ids.length,
    register_ms_mean: round(mean(latencies), 3),
    register_ms_p99: round(percentile(latencies, 99), 3),
    register_ms_mean_first_of_day: round(mean(firstOfDay), 2),
    register_ms_mean_rest: round(rest > 0 ? (mean(latencies) * latencies.length - mean(firstOfDay) * firstOfDay.length) / rest : 0, 3),
    registrations_per_s: round(options.count / registeredIn),
    kb_per_pending_redaction: round(((sqliteGrowth + pgGrowth) * 1024) / options.count, 2),
    temporal_db_mb: round(sqliteGrowth),
    postgres_registration_mb: round(pgGrowth),
    postgres_error_rows_mb: round(pgBefore - pgStart),
    drain_s: round(drain),
    api_listed: apiListed,
    api_list_ms_max: round(apiListMax),
    ui_sampled: sample.length,
    ui_running: running,
  };
}
