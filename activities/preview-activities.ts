import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { vendorDescriptor } from '../connectors/catalogue';
import { ConnectorError } from '../connectors/errors';
import { getConnection } from '../db/queries/connections';
import { getTenantSettings } from '../db/queries/tenant-settings';
import type { Db } from '../db/client';
import { describeError } from '../domain/error-catalogue';
import { previewSale, unreadablePreview, type PreviewResult } from '../domain/preview';
import type { ConnectorProvider } from './connector-provider';
import { errorCodeOf } from './failures';

export interface PreviewInput {
  tenantId: string;
  /** The order number the merchant knows; for shops whose numbers are their ids (as most shops number them). */
  orderNumber: string;
}

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

/** The preview for the API: the tenant's real shop and settings, the same code the sale workflow runs; no debtor fields. */
export function createPreviewActivities(deps: { db: Db; connectors: ConnectorProvider }) {
  return {
    async previewOrder(input: PreviewInput): Promise<PreviewResult> {
      try {
        const { connector } = await deps.connectors.source(input.tenantId, actor(), 'preview an order');
        const sale = await connector.getSale(input.orderNumber);
        const target = await getConnection(deps.db, input.tenantId, 'target');
        const currencies = (target && vendorDescriptor('target', target.vendor)?.currencies) ?? 'any';
        return previewSale(sale, await getTenantSettings(deps.db, input.tenantId), currencies);
      } catch (error) {
        if (error instanceof ConnectorError) {
          const code = error.code === 'NOT_BOOKABLE' ? 'NOT_BOOKABLE' : errorCodeOf(error, 'source');
          const issues = error.details.issues ?? [];
          const message = code === 'NOT_BOOKABLE' ? 'The order is not a sale (yet): its status is not one doorzet books.' : describeError(code).explanation;
          return unreadablePreview(issues.length > 0 && code === 'SALE_INVALID'
            ? issues.map((i) => ({ code, path: i.path, message: i.message }))
            : [{ code, path: '', message }]);
        }
        if (error instanceof ApplicationFailure && error.type === 'CREDENTIALS_MISSING') {
          return unreadablePreview([{ code: 'CREDENTIALS_MISSING', path: '', message: 'No shop credentials are stored (or they were deleted).' }]);
        }
        throw error;
      }
    },
  };
}
