import type { Db } from '../db/client';
import { dueDayOf, registerRedactionDay } from '../db/queries/redaction-days';
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

/**
 * Registers an error record's redaction with its tenant's timer for the due day. The record's own
 * `redact_at` is the registration. With `startDay` the day's workflow is started here until it has run
 * (idempotent; `start` is then false); without it the caller starts it when `start` says so.
 */
export async function registerErrorRedaction(db: Db, tenantId: string, occurredAt: Date, startDay?: RedactionDayStarter): Promise<{ workflowId: string; dueDay: string; start: boolean }> {
  const dueDay = dueDayOf(dueAt('errorRecordRedaction', occurredAt));
  const workflowId = errorRedactionDayWorkflowId(tenantId, dueDay);
  const known = startedDaysOf(db);
  const key = `${tenantId}:${dueDay}`;
  if (known.has(key)) return { workflowId, dueDay, start: false };
  const { start, started } = await registerRedactionDay(db, { tenantId, dueDay, workflowId });
  if (started) known.add(key);
  if (!startDay) return { workflowId, dueDay, start };
  if (!started) await startDay({ tenantId, dueDay, workflowId });
  return { workflowId, dueDay, start: false };
}
