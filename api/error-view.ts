import type { SaleErrorRow } from '../db/queries/sale-errors';
import { describeError } from '../domain/error-catalogue';
import { renderErrorMessage, type ErrorRecord } from '../domain/error-record';

/** What ops see instead of a debtor's values: they may know there was one, not what it was. */
export const HIDDEN_PLACEHOLDER = '[hidden]';

/** The message of an error record; debtor-specific values only for the tenant's own users. */
export function renderForViewer(row: SaleErrorRow, showPii: boolean): string {
  const pii = row.pii && !showPii ? Object.fromEntries(Object.keys(row.pii).map((k) => [k, HIDDEN_PLACEHOLDER])) : row.pii;
  const record: ErrorRecord = {
    code: describeError(row.code).code,
    template: row.template,
    params: row.params,
    pii,
    occurredAt: row.occurredAt.toISOString(),
    redactedAt: row.redactedAt?.toISOString() ?? null,
  };
  return renderErrorMessage(record);
}

export function errorJson(row: SaleErrorRow, showPii: boolean) {
  return {
    id: row.id,
    orderNumber: row.orderNumber,
    externalId: row.externalId,
    source: row.source,
    code: row.code,
    cause: row.cause,
    message: renderForViewer(row, showPii),
    attempts: row.attempts,
    occurredAt: row.occurredAt.toISOString(),
    redactAt: row.redactAt.toISOString(),
    redacted: row.redactedAt !== null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}
