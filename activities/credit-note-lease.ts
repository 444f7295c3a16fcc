import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db/client';
import { releaseCreditNoteLease, takeCreditNoteLease } from '../db/queries/credit-note-leases';

/** Longer than an attempt may run (bookingCallOptions: 45 s), so a lease lapses only when its holder is gone. */
const LEASE_TTL_MS = 90_000;
/** How long an attempt waits for another credit note of the same document before it lets Temporal retry it. */
const WAIT_FOR_LEASE_MS = 20_000;
const POLL_MS = 250;

/**
 * Runs `write` while this attempt alone writes credit notes of `originalDocumentId`: a credit note's interrupted
 * steps are resumed from what the target holds, which is only safe when no other credit note of the same
 * invoice is being written at the same time.
 */
export async function withCreditNoteLease<T>(db: Db, tenantId: string, originalDocumentId: string, write: () => Promise<T>): Promise<T> {
  const { info, sleep } = Context.current();
  const key = { tenantId, originalDocumentId, holder: `${info.workflowExecution?.workflowId ?? info.activityId}#${info.attempt}` };
  const deadline = Date.now() + WAIT_FOR_LEASE_MS;
  while (!await takeCreditNoteLease(db, key, LEASE_TTL_MS)) {
    if (Date.now() > deadline) {
      throw ApplicationFailure.create({ type: 'CREDIT_NOTE_BUSY', message: 'Another credit note of the same invoice is being written; retried.' });
    }
    await sleep(POLL_MS);
  }
  try {
    return await write();
  } finally {
    // A release that fails lapses by itself after the TTL.
    await releaseCreditNoteLease(db, key).catch(() => undefined);
  }
}
