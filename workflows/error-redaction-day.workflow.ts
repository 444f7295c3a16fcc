import { defineQuery, proxyActivities, setHandler, sleep, upsertMemo } from '@temporalio/workflow';
import type { RetentionActivities } from '../activities/retention-activities';
import { databaseOptions } from './activity-options';

const retention = proxyActivities<RetentionActivities>(databaseOptions);

export interface ErrorRedactionDayInput {
  tenantId: string;
  /** YYYY-MM-DD (UTC): the day the redactions fall due. */
  dueDay: string;
}

export interface PendingRedactions {
  dueDay: string;
  /** Error record ids still to be redacted, soonest first. */
  errorIds: string[];
  /** When the list was last read from Postgres (errors registered since are listed by the API at once). */
  listedAt: string;
}

/** The error records this day's timer will redact (Temporal UI: Queries tab). */
export const pendingRedactionsQuery = defineQuery<PendingRedactions>('pendingRedactions');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Errors of one due day are registered over a day or a few (month ends fold into one due day): read the list again then. */
const RELIST_AFTER_MS = [DAY, 4 * DAY];

/**
 * Redacts every error record of one tenant due on one day (workflow id error-redaction-day:<tenant>:<day>),
 * instead of one workflow per error: registering a redaction is a row in Postgres, and the day's workflow
 * is started once. It wakes at the top of each hour in which something falls due (never early, at most an
 * hour late), redacts what is due, and ends when nothing of its day is left. Carries ids only.
 */
export async function errorRedactionDayWorkflow(input: ErrorRedactionDayInput): Promise<{ redacted: number }> {
  const { tenantId, dueDay } = input;
  let pending: { errorId: string; redactAt: string }[] = [];
  let listedAt = new Date().toISOString();
  setHandler(pendingRedactionsQuery, () => ({ dueDay, errorIds: pending.map((p) => p.errorId), listedAt }));
  const relist = async () => {
    pending = await retention.listDayRedactions({ tenantId, dueDay });
    listedAt = new Date().toISOString();
    upsertMemo({ pendingRedactions: pending.length });
  };

  await relist();
  const startedAt = Date.now();
  const relistAt = RELIST_AFTER_MS.map((ms) => startedAt + ms);
  let redacted = 0;
  for (;;) {
    const next = pending[0] ? Math.ceil(Date.parse(pending[0].redactAt) / HOUR) * HOUR : null;
    const wake = Math.min(next ?? Infinity, relistAt[0] ?? Infinity);
    if (wake === Infinity) break;
    if (wake > Date.now()) await sleep(wake - Date.now());
    if (relistAt[0] !== undefined && Date.now() >= relistAt[0]) relistAt.shift();
    if (next !== null && Date.now() >= next) redacted += (await retention.redactDueErrors({ tenantId, dueDay, upTo: new Date(next).toISOString() })).redacted;
    await relist();
  }
  return { redacted };
}
