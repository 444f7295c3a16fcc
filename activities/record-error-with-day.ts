import type { Db } from '../db/client';
import { recordSaleError, type SaleErrorInput } from './record-sale-error';
import type { RedactionDayStarter } from './redaction-day-starter';
import { registerErrorRedaction } from './register-redaction';

export interface RecordedError {
  errorId: string;
  occurredAt: string;
  isNew: boolean;
  /** The tenant's redaction day of the record; `start`: the caller (a workflow) must start that day's timer. */
  redaction?: { workflowId: string; dueDay: string; start: boolean };
}

/**
 * Writes an error record and registers it with its tenant's redaction timer for the due day, whoever writes it
 * (a sale, a refund, the sync's recheck of a posted order, the completeness check). The retention rule is one
 * for every error record (DESIGN.md: debtor-specific parts removed two months after the error), with or without
 * personal data: a record written with `pii: null` is marked redacted on its day like the others. With a starter
 * (the worker always wires one) the day's workflow is started here; without one only a workflow caller that reads
 * `redaction.start` can start it. A repeat registers again, so a start lost to a retry is made.
 */
export async function recordErrorWithRedactionDay(db: Db, input: SaleErrorInput, startDay?: RedactionDayStarter): Promise<RecordedError> {
  const recorded = await recordSaleError(db, input);
  const redaction = recorded.isNew || startDay
    ? await registerErrorRedaction(db, input.tenantId, new Date(recorded.occurredAt), startDay) : undefined;
  return { ...recorded, ...(redaction ? { redaction } : {}) };
}
