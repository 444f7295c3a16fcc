import { describe, expect, it } from 'vitest';
import {
  InvalidIdPartError, SALE_STATES, SEARCH_ATTRIBUTES, SEARCH_ATTRIBUTE_SALE_STATE, SEARCH_ATTRIBUTE_TENANT_ID, TASK_QUEUE,
  connectionTestWorkflowId, credentialRetentionWorkflowId, errorRedactionWorkflowId, isTerminalSaleState, parseSaleWorkflowId,
  posDayWorkflowId, saleWorkflowId, tenantSyncWorkflowId,
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
