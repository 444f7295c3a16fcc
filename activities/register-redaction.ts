import type { Db } from '../db/client';
import { dueDayOf, markRedactionDayStarted, registerRedactionDay } from '../db/queries/redaction-days';
import { dueAt } from '../domain/retention-policy';
import { errorRedactionDayWorkflowId } from '../domain/workflow-ids';
import type { RedactionDayStarter } from './redaction-day-starter';

/**
 * Days whose timer has run, per database pool: a registration for such a day needs no round trip (the
 * error row is the registration, and the day's workflow lists its errors again before it ends).
 */
const startedDays = new WeakMap<Db, Set<string>>();
const STARTED_DAYS_KEPT = 100_000;

function startedDaysOf(db: Db): Set<string> {
  let days = startedDays.get(db);
  if (!days) startedDays.set(db, (days = new Set()));
  if (days.size > STARTED_DAYS_KEPT) days.clear(); // a bound, not an LRU: a forgotten day costs one query
  return days;
}

/** With the starter, a day row unstarted this long means its start was lost (the start is idempotent). */
const START_LOST_AFTER_MS = 5_000;

/**
 * Registers an error record's redaction with its tenant's timer for the due day. The record's own
 * `redact_at` is the registration. With `startDay` the day's workflow is started here the first time (and
 * again if that start was lost), and the day's row marked started; `start` is then false. Without it the
 * caller starts the workflow when `start` says so.
 */
export async function registerErrorRedaction(db: Db, tenantId: string, occurredAt: Date, startDay?: RedactionDayStarter): Promise<{ workflowId: string; dueDay: string; start: boolean }> {
  const dueDay = dueDayOf(dueAt('errorRecordRedaction', occurredAt));
  const workflowId = errorRedactionDayWorkflowId(tenantId, dueDay);
  const known = startedDaysOf(db);
  const key = `${tenantId}:${dueDay}`;
  if (known.has(key)) return { workflowId, dueDay, start: false };
  const { start, started } = await registerRedactionDay(db, { tenantId, dueDay, workflowId }, startDay ? { staleAfterMs: START_LOST_AFTER_MS } : {});
  if (started) known.add(key);
  if (!startDay) return { workflowId, dueDay, start };
  if (start) {
    await startDay({ tenantId, dueDay, workflowId });
    await markRedactionDayStarted(db, { tenantId, dueDay });
    known.add(key);
  }
  return { workflowId, dueDay, start: false };
}
