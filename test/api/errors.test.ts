/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeError } from '../../domain/error-catalogue';
import { plantSaleError } from './fixtures';
import { createHarness, NOT_FOUND_BODY, type Harness } from './harness';

describe('API: errors grouped by cause, and retries', () => {
  let h: Harness;
  let opsToken: string;
  let tenantId: string;
  let otherTenantId: string;
  let token: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    h = await createHarness();
    opsToken = await h.login(await h.createUser('ops'));
    tenantId = await h.createTenant();
    otherTenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
    ids.a = (await plantSaleError(h.db, { tenantId, externalId: '501', email: 'anna@example.nl' })).id;
    ids.a2 = (await plantSaleError(h.db, { tenantId, externalId: '501', email: 'anna@example.nl' })).id;
    ids.b = (await plantSaleError(h.db, { tenantId, externalId: '502', email: 'bob@example.nl' })).id;
    ids.vat = (await plantSaleError(h.db, { tenantId, externalId: '503', code: 'UNKNOWN_TARGET_VAT_RATE' })).id;
    ids.resolved = (await plantSaleError(h.db, { tenantId, externalId: '504', resolved: true })).id;
    ids.other = (await plantSaleError(h.db, { tenantId: otherTenantId, externalId: '601' })).id;
  });
  afterAll(async () => {
    h.expectNoSecretsLeaked();
    await h.close();
  });

  describe('GET /tenants/:tenantId/errors', () => {
    it('groups open errors by cause, with explanation and fix, and shows PII to the tenant', async () => {
      const res = await h.request('GET', `/tenants/${tenantId}/errors`, { token });
      expect(res.status).toBe(200);
      const groups = res.body.groups as { cause: string; count: number; explanation: string; fix: string; codes: unknown[]; errors: { id: string; message: string }[] }[];
      expect(groups.map((g) => [g.cause, g.count])).toEqual([['order-data', 3], ['vat-mapping', 1]]);
      expect(groups[0]).toMatchObject({ explanation: describeError('INVALID_EMAIL').explanation, fix: describeError('INVALID_EMAIL').fix, codes: [{ code: 'INVALID_EMAIL', count: 3 }] });
      expect(groups[1]!.fix).toBe(describeError('UNKNOWN_TARGET_VAT_RATE').fix);
      const anna = groups[0]!.errors.find((e) => e.id === ids.a)!;
      expect(anna.message).toBe('Order 501 cannot be posted: The e-mail address is not valid. (e-mail address on the order: anna@example.nl)');
      expect(res.text).not.toContain(ids.resolved);
      expect(res.text).not.toContain(ids.other);
    });

    it('hides debtor-specific values from ops', async () => {
      const res = await h.request('GET', `/tenants/${tenantId}/errors`, { token: opsToken });
      expect(res.text).not.toContain('anna@example.nl');
      expect(res.text).toContain('(e-mail address on the order: [hidden])');
    });

    it('lists resolved ones on request, and names a bad status (400)', async () => {
      const all = await h.request('GET', `/tenants/${tenantId}/errors?status=all`, { token });
      expect(all.text).toContain(ids.resolved);
      const bad = await h.request('GET', `/tenants/${tenantId}/errors?status=some`, { token });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('status');
    });

    it("needs a session (401); another tenant's is a plain 404", async () => {
      expect((await h.request('GET', `/tenants/${tenantId}/errors`)).status).toBe(401);
      expect((await h.request('GET', `/tenants/${otherTenantId}/errors`, { token })).body).toEqual(NOT_FOUND_BODY);
    });
  });

  describe('POST /tenants/:tenantId/errors/:errorId/retry', () => {
    it('starts a new run of the sale (202); a second retry while it runs is a conflict (409)', async () => {
      const res = await h.request('POST', `/tenants/${tenantId}/errors/${ids.b}/retry`, { token });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ errorId: ids.b, orderNumber: '502', outcome: 'started', workflowId: `sale:${tenantId}:woocommerce:502` });
      const description = await h.temporal.workflow.getHandle(res.body.workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.type).toBe('saleWorkflow');
      const again = await h.request('POST', `/tenants/${tenantId}/errors/${ids.b}/retry`, { token: opsToken });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('RUN_IN_PROGRESS');
    });

    it('refuses a resolved error (409)', async () => {
      const res = await h.request('POST', `/tenants/${tenantId}/errors/${ids.resolved}/retry`, { token });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('ALREADY_RESOLVED');
    });

    it("is a plain 404 for another tenant's error and a missing one; 400 for a bad id; 401 without a session", async () => {
      const other = await h.request('POST', `/tenants/${tenantId}/errors/${ids.other}/retry`, { token });
      const missing = await h.request('POST', `/tenants/${tenantId}/errors/00000000-0000-4000-8000-000000000000/retry`, { token });
      const otherPath = await h.request('POST', `/tenants/${otherTenantId}/errors/${ids.other}/retry`, { token });
      for (const res of [other, missing, otherPath]) expect(res.body).toEqual(NOT_FOUND_BODY);
      const bad = await h.request('POST', `/tenants/${tenantId}/errors/42/retry`, { token });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('errorId');
      expect((await h.request('POST', `/tenants/${tenantId}/errors/${ids.a}/retry`)).status).toBe(401);
    });
  });

  describe('POST /tenants/:tenantId/errors/retry', () => {
    it('retries every open error of one cause, one run per sale', async () => {
      const res = await h.request('POST', `/tenants/${tenantId}/errors/retry`, { token, json: { cause: 'order-data' } });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ started: 1, alreadyRunning: 1 });
      const outcomes = (res.body.results as { orderNumber: string; outcome: string }[]).map((r) => [r.orderNumber, r.outcome]).sort();
      expect(outcomes).toEqual([['501', 'started'], ['502', 'already-running']]);
    });

    it('names a bad cause (400)', async () => {
      const res = await h.request('POST', `/tenants/${tenantId}/errors/retry`, { token, json: { cause: 'gremlins' } });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0].path).toBe('cause');
    });

    it("needs a session (401); another tenant's is a plain 404", async () => {
      expect((await h.request('POST', `/tenants/${tenantId}/errors/retry`, { json: { cause: 'order-data' } })).status).toBe(401);
      expect((await h.request('POST', `/tenants/${otherTenantId}/errors/retry`, { token, json: { cause: 'order-data' } })).body).toEqual(NOT_FOUND_BODY);
    });
  });
});
