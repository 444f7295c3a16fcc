import { describeError, isErrorCode } from '../domain/error-catalogue';
import { createErrorRecord } from '../domain/error-record';
import { dueAt } from '../domain/retention-policy';
import { isPermanentDatabaseError } from '../domain/safe-error';
import { storableRecord, storableText } from '../domain/text-safety';
import type { Db } from '../db/client';
import { bumpOpenSaleError, insertSaleError } from '../db/queries/sale-errors';

export interface SaleErrorInput {
  tenantId: string;
  source: string;
  externalId: string;
  workflowId: string;
  runId: string;
  orderNumber: string;
  code: string;
  /** Non-personal values for the template. */
  params: Record<string, string>;
  /** Debtor-specific values, removed by the redaction timer. */
  pii: Record<string, string> | null;
}

function templateFor(code: string, pii: Record<string, string> | null, params: Record<string, string>): string {
  if (code === 'ORDER_CHANGED_AFTER_POSTING') {
    return 'Order {orderNumber} changed after it was posted (booked {postedInclCents} cents incl. VAT, now {currentInclCents}); no second invoice was made. {explanation}';
  }
  if (code === 'REFUND_WAITING_FOR_INVOICE') return 'Refund {refund} of order {orderNumber} waits for the order to be booked. {explanation}';
  if (code === 'CORRECTION_NEEDS_HISTORY') return 'Order {orderNumber} changed after it was posted; it cannot be corrected automatically. {explanation}';
  if (code === 'ORDER_NOT_BOOKED') return 'Order {orderNumber} of {day} is in the webshop but not in doorzet\'s records. {explanation}';
  if (code === 'REFUND_NOT_CREDITED') return 'Refund {refund} of order {orderNumber} ({day}) has no credit note in doorzet\'s records. {explanation}';
  if (params.refund !== undefined) return 'Refund {refund} of order {orderNumber} cannot be credited: {summary}';
  const summary = 'Order {orderNumber} cannot be posted: {summary}';
  return pii?.email ? `${summary} (e-mail address on the order: {email})` : summary;
}

/** Writes an error record: the template and non-personal params apart from the debtor's values. */
export async function recordSaleError(db: Db, raw: SaleErrorInput): Promise<{ errorId: string; occurredAt: string; isNew: boolean }> {
  // Values from an order may hold U+0000 or lone surrogates, which Postgres refuses: stored in a visible form.
  const input: SaleErrorInput = {
    ...raw, externalId: storableText(raw.externalId), orderNumber: storableText(raw.orderNumber.slice(0, 200)),
    params: storableRecord(raw.params), pii: raw.pii ? storableRecord(raw.pii) : null,
  };
  try {
    return await writeSaleError(db, input);
  } catch (error) {
    if (!isPermanentDatabaseError(error)) throw error;
    // Whatever else the database refuses, the record itself must exist: the code and the order, nothing more.
    return writeSaleError(db, { ...input, params: { summary: 'The order holds values that cannot be stored.' }, pii: null });
  }
}

async function writeSaleError(db: Db, input: SaleErrorInput): Promise<{ errorId: string; occurredAt: string; isNew: boolean }> {
  const occurredAt = new Date();
  const code = isErrorCode(input.code) ? input.code : 'UNEXPECTED';
  const open = await bumpOpenSaleError(db, { ...input, code });
  if (open) return { errorId: open.id, occurredAt: open.occurredAt.toISOString(), isNew: false };
  const described = describeError(code);
  const record = createErrorRecord({
    code,
    template: templateFor(code, input.pii, input.params),
    params: { orderNumber: input.orderNumber, explanation: described.explanation, ...input.params },
    pii: input.pii,
    occurredAt,
  });
  const row = await insertSaleError(db, {
    tenantId: input.tenantId, source: input.source, externalId: input.externalId, orderNumber: input.orderNumber,
    code, cause: described.cause, template: record.template, params: record.params, pii: record.pii,
    workflowId: input.workflowId, runId: input.runId, occurredAt, redactAt: dueAt('errorRecordRedaction', occurredAt),
  });
  return { errorId: row.id, occurredAt: occurredAt.toISOString(), isNew: true };
}
