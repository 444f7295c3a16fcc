import type { Db } from '../../db/client';
import { insertSaleError, type SaleErrorRow } from '../../db/queries/sale-errors';
import { describeError } from '../../domain/error-catalogue';
import { saleWorkflowId } from '../../domain/workflow-ids';

/** An error record as the sale workflow writes it: template, non-personal params, PII apart. */
export async function plantSaleError(db: Db, e: {
  tenantId: string; externalId: string; orderNumber?: string; code?: string; email?: string | null; resolved?: boolean;
}): Promise<SaleErrorRow> {
  const code = e.code ?? 'INVALID_EMAIL';
  const occurredAt = new Date();
  return insertSaleError(db, {
    tenantId: e.tenantId, source: 'woocommerce', externalId: e.externalId, orderNumber: e.orderNumber ?? e.externalId,
    code, cause: describeError(code).cause,
    template: e.email ? 'Order {orderNumber} cannot be posted: {summary} (e-mail address on the order: {email})' : 'Order {orderNumber} cannot be posted: {summary}',
    params: { orderNumber: e.orderNumber ?? e.externalId, summary: 'The e-mail address is not valid.' },
    pii: e.email ? { email: e.email } : null,
    workflowId: saleWorkflowId(e.tenantId, 'woocommerce', e.externalId), runId: 'run-1',
    occurredAt, redactAt: new Date(occurredAt.getTime() + 60 * 86_400_000),
    resolvedAt: e.resolved ? new Date() : null,
  });
}
