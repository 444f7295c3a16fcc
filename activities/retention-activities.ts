import type { Db } from '../db/client';
import { redactSaleError } from '../db/queries/sale-errors';

export interface RetentionActivityDeps {
  db: Db;
}

/** Deletions and redactions the retention timers and schedules carry out. */
export function createRetentionActivities(deps: RetentionActivityDeps) {
  return {
    /** Removes the debtor-specific values of one error record; the rest of the message stays readable. */
    async redactSaleError(input: { errorId: string }): Promise<{ redacted: boolean }> {
      return { redacted: await redactSaleError(deps.db, input.errorId) };
    },
  };
}
