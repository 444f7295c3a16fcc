import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import type { RequestBudget } from '../connectors/http';
import type { Db } from '../db/client';
import { holdTargetBudget } from '../db/queries/target-budget-fill';
import { markTargetCallsAnswered, releaseTargetCalls, reserveTargetCallsInWindows } from '../db/queries/target-budget';
import type { RateLimit } from './connector-provider';

/** Waits up to this long inside the activity; a longer wait ends the attempt with a retry delay instead. */
export const MAX_INLINE_WAIT_MS = 8_000;

/**
 * The tenant's budget, asked right before every request to its target (each attempt, each read), shared by
 * every worker through Postgres. A short wait is waited out here; a long one fails the attempt with the
 * delay as its next retry, so no worker slot is held for minutes. Each call counts from its reservation and,
 * once answered, from its answer (the vendor counted it in between), so a slow trip cannot make two windows'
 * calls land in one of the vendor's. A 429 holds the budget until the vendor's reset.
 */
export function createRequestBudget(deps: {
  db: Db; connectionId: string; windows: readonly RateLimit[]; maxInlineWaitMs?: number;
}): RequestBudget {
  const { db, connectionId, windows } = deps;
  const maxInline = deps.maxInlineWaitMs ?? MAX_INLINE_WAIT_MS;
  // A 429 that names no reset: held for the shortest window (the next 429 holds again), not a whole day.
  const shortest = Math.min(...windows.map((w) => w.windowMs));
  // Every window at once (e.g. a minute and a day limit): a call goes out only when all have room.
  const reserve = () => reserveTargetCallsInWindows(db, { connectionId, calls: 1, windows });
  return {
    async beforeRequest() {
      let waited = 0;
      for (;;) {
        const reservation = await reserve();
        if (reservation.granted) return reservation.ids;
        if (waited + reservation.retryAfterMs > maxInline) {
          throw ApplicationFailure.create({
            type: 'RATE_LIMITED', nonRetryable: false, nextRetryDelay: reservation.retryAfterMs,
            message: "The accounting system's rate budget is used up for now; the call waits for room.",
          });
        }
        waited += reservation.retryAfterMs;
        await sleep(reservation.retryAfterMs);
      }
    },
    async afterRequest(ticket, outcome) {
      if (!Array.isArray(ticket)) return;
      // A call that never left (connection refused) was not counted by the vendor: its room goes back.
      if (outcome.sent) await markTargetCallsAnswered(db, ticket as number[]);
      else await releaseTargetCalls(db, ticket as number[]);
    },
    async rateLimited(resetInMs) {
      await holdTargetBudget(db, { connectionId, windows, resetInMs: resetInMs ?? shortest });
    },
  };
}
