import { describe, expect, it } from 'vitest';
import {
  InvalidIdPartError, SALE_STATES, SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_SALE_STATE, SEARCH_ATTRIBUTE_TENANT_ID, TASK_QUEUE,
  backfillWorkflowId, completenessWorkflowId, connectionTestWorkflowId, correctionWorkflowId, credentialRetentionWorkflowId, errorRedactionDayWorkflowId, errorRedactionWorkflowId,
  isTerminalSaleState, parseRefundWorkflowId, parseSaleWorkflowId, posDayWorkflowId, refundWorkflowId, saleWorkflowId, tenantOfWorkflowId, tenantSyncWorkflowId, tokenKeeperWorkflowId,
} from './workflow-ids';

const tenant = '6f1c2a9e-8b7d-4e3f-9a10-123456789abc';

describe('workflow ids', () => {
  it('builds the ids of DESIGN.md', () => {
    expect(saleWorkflowId(tenant, 'woocommerce', '1042')).toBe(`sale:${tenant}:woocommerce:1042`);
    expect(tenantSyncWorkflowId(tenant)).toBe(`tenant-sync:${tenant}`);
    expect(errorRedactionWorkflowId('e-1')).toBe('error-redaction:e-1');
    expect(credentialRetentionWorkflowId(tenant)).toBe(`credential-retention:${tenant}`);
    expect(connectionTestWorkflowId(tenant, 'n0nce')).toBe(`connection-test:${tenant}:n0nce`);
  });

  it('builds the ids of refunds, corrections, backfills and completeness checks (ids only), each naming its tenant', () => {
    const upper = tenant.toUpperCase();
    expect(refundWorkflowId(upper, 'woocommerce', '1042', '1077')).toBe(`refund:${tenant}:woocommerce:1042:1077`);
    expect(parseRefundWorkflowId(`refund:${tenant}:woocommerce:1042:cancel`)).toEqual({ tenantId: tenant, source: 'woocommerce', orderExternalId: '1042', refundExternalId: 'cancel' });
    expect(correctionWorkflowId(tenant, 'woocommerce', '1042')).toBe(`correction:${tenant}:woocommerce:1042`);
    expect(backfillWorkflowId(tenant)).toBe(`backfill:${tenant}`);
    expect(completenessWorkflowId(tenant, '2025-03-14')).toBe(`completeness:${tenant}:2025-03-14`);
    for (const id of [refundWorkflowId(tenant, 'w', '1', '2'), correctionWorkflowId(tenant, 'w', '1'), backfillWorkflowId(tenant), completenessWorkflowId(tenant, '2025-03-14')]) {
      expect(tenantOfWorkflowId(id)).toBe(tenant);
    }
    expect(() => refundWorkflowId(tenant, 'woocommerce', '1042', 'jan@example.nl')).toThrow(InvalidIdPartError);
  });

  it("names the tenant of its day redaction timer, till day and token keeper, so the codec seals them with the tenant's key", () => {
    for (const id of [errorRedactionDayWorkflowId(tenant, '2027-01-31'), posDayWorkflowId(tenant, 'gid-1', '2026-12-01'), tokenKeeperWorkflowId(tenant)]) {
      expect(tenantOfWorkflowId(id)).toBe(tenant);
    }
    expect(tenantOfWorkflowId(errorRedactionWorkflowId('7f0c2a1e-0000-4000-8000-000000000001'))).toBeNull();
  });

  it('parses a sale workflow id back', () => {
    expect(parseSaleWorkflowId(saleWorkflowId(tenant, 'woocommerce', '1042'))).toEqual({ tenantId: tenant, source: 'woocommerce', externalId: '1042' });
    expect(parseSaleWorkflowId(`tenant-sync:${tenant}`)).toBeNull();
  });

  it.each(['jan@example.nl', 'Jan Jansen', 'a:b', '', 'x'.repeat(201)])('refuses %j as an id part, without echoing it', (bad) => {
    expect(() => saleWorkflowId(tenant, 'woocommerce', bad)).toThrow(InvalidIdPartError);
    try {
      saleWorkflowId(tenant, 'woocommerce', bad);
    } catch (error) {
      if (bad !== '') expect((error as Error).message).not.toContain(bad);
    }
    expect(() => tenantSyncWorkflowId(bad)).toThrow(InvalidIdPartError);
  });
});

describe('Temporal names', () => {
  it('exports the task queue, search attributes and sale states', () => {
    expect(TASK_QUEUE).toBe('doorzet');
    expect(SEARCH_ATTRIBUTE_TENANT_ID).toBe('DoorzetTenantId');
    expect(SEARCH_ATTRIBUTE_SALE_STATE).toBe('DoorzetSaleState');
    expect(SEARCH_ATTRIBUTES).toEqual({ DoorzetTenantId: 'Keyword', DoorzetSaleState: 'Keyword' });
    expect(SALE_STATES).toEqual(['fetching', 'deduplicating', 'matching-debtor', 'posting', 'posted', 'collected', 'skipped-duplicate', 'skipped-zero-value', 'changed-after-posting', 'failed']);
    expect(SALE_STATES.filter(isTerminalSaleState)).toEqual(['posted', 'collected', 'skipped-duplicate', 'skipped-zero-value', 'changed-after-posting', 'failed']);
  });

  it('names a till day by tenant, location and business day, and refuses anything else in its parts', () => {
    expect(posDayWorkflowId('t1', '61000200', '2026-06-12')).toBe('pos-day:t1:61000200:2026-06-12');
    expect(() => posDayWorkflowId('t1', 'gid://vendor/Location/1', '2026-06-12')).toThrow(InvalidIdPartError);
  });
});
