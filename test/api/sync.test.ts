/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saleErrors, syncedSales } from '../../db/schema';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { eventually } from '../support/tenant';
import { plantSaleError } from './fixtures';
import { createHarness, NOT_FOUND_BODY, wooCredentials, type Harness } from './harness';

describe('API: sync control, runs and sale journeys (no worker)', () => {
  let h: Harness;
  let opsToken: string;
  let tenantId: string;
  let otherTenantId: string;
  let token: string;

  beforeAll(async () => {
    h = await createHarness();
    opsToken = await h.login(await h.createUser('ops'));
    tenantId = await h.createTenant();
    otherTenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
  });
  afterAll(async () => {
    h.expectNoSecretsLeaked();
    await h.close();
  });

  const signalNames = async () => {
    const history = await h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).fetchHistory();
    return (history.events ?? []).map((e) => e.workflowExecutionSignaledEventAttributes?.signalName).filter(Boolean);
  };

  describe('before the sync runs', () => {
    it('GET /sync, pause, resume and sync-now say SYNC_NOT_RUNNING (404)', async () => {
      const status = await h.request('GET', `/tenants/${tenantId}/sync`, { token });
      expect(status.status).toBe(404);
      expect(status.body.error.code).toBe('SYNC_NOT_RUNNING');
      for (const [path, json] of [['pause', { reason: 'holiday' }], ['resume', undefined], ['sync-now', undefined]] as const) {
        const res = await h.request('POST', `/tenants/${tenantId}/sync/${path}`, { token, json });
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('SYNC_NOT_RUNNING');
      }
    });

    it('start without a source connection is a conflict (409)', async () => {
      const res = await h.request('POST', `/tenants/${tenantId}/sync/start`, { token });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('NO_SOURCE');
    });
  });

  describe('POST /sync/start', () => {
    it('starts the tenant sync once; a second start keeps the running one', async () => {
      await h.request('PUT', `/tenants/${tenantId}/connections/source`, { token, json: { vendor: 'woocommerce', baseUrl: 'https://shop.example.nl', credentials: wooCredentials() } });
      const first = await h.request('POST', `/tenants/${tenantId}/sync/start`, { token });
      expect(first.status).toBe(200);
      const workflowId = tenantSyncWorkflowId(tenantId);
      expect(first.body).toEqual({ workflowId, runId: expect.any(String), url: `http://localhost:8233/namespaces/default/workflows/${workflowId}/${first.body.runId}/history` });
      const second = await h.request('POST', `/tenants/${tenantId}/sync/start`, { token: opsToken });
      expect(second.body.runId).toBe(first.body.runId);
      const description = await h.temporal.workflow.getHandle(workflowId).describe();
      expect(description.status.name).toBe('RUNNING');
      expect(description.taskQueue).toBe(h.taskQueue);
      expect(description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toContainEqual(['DoorzetTenantId', tenantId]);
    });

    it("needs a session (401); another tenant's is a plain 404", async () => {
      expect((await h.request('POST', `/tenants/${tenantId}/sync/start`)).status).toBe(401);
      expect((await h.request('POST', `/tenants/${otherTenantId}/sync/start`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('POST', '/tenants/nope/sync/start', { token: opsToken })).status).toBe(400);
    });
  });

  describe('signals', () => {
    it('pause (with a reason), resume and sync-now reach the workflow (202)', async () => {
      const pause = await h.request('POST', `/tenants/${tenantId}/sync/pause`, { token, json: { reason: 'stocktaking' } });
      expect(pause.status).toBe(202);
      expect(pause.body).toEqual({ workflowId: tenantSyncWorkflowId(tenantId), signal: 'pauseSync' });
      expect((await h.request('POST', `/tenants/${tenantId}/sync/resume`, { token })).status).toBe(202);
      expect((await h.request('POST', `/tenants/${tenantId}/sync/sync-now`, { token: opsToken })).status).toBe(202);
      expect(await signalNames()).toEqual(['pauseSync', 'resumeSync', 'syncNow']);
    });

    it('pause names a missing or empty reason (400)', async () => {
      for (const json of [{}, { reason: '   ' }]) {
        const res = await h.request('POST', `/tenants/${tenantId}/sync/pause`, { token, json });
        expect(res.status).toBe(400);
        expect(res.body.error.fields[0].path).toBe('reason');
      }
    });

    it("need a session (401); another tenant's is a plain 404", async () => {
      for (const path of ['pause', 'resume', 'sync-now']) {
        expect((await h.request('POST', `/tenants/${tenantId}/sync/${path}`, { json: { reason: 'x' } })).status).toBe(401);
        expect((await h.request('POST', `/tenants/${otherTenantId}/sync/${path}`, { token, json: { reason: 'x' } })).body).toEqual(NOT_FOUND_BODY);
      }
      for (const path of ['pause', 'resume', 'sync-now']) {
        const res = await h.request('POST', `/tenants/not-a-tenant/sync/${path}`, { token: opsToken, json: { reason: 'x' } });
        expect(res.status).toBe(400);
        expect(res.body.error.fields[0].path).toBe('tenantId');
      }
      expect(await signalNames()).toEqual(['pauseSync', 'resumeSync', 'syncNow']);
    });
  });

  describe('GET /sync', () => {
    it('is 503 when no worker answers the query (see worker.test.ts for the status itself)', async () => {
      const res = await h.request('GET', `/tenants/${tenantId}/sync`, { token });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    });

    it("needs a session (401); another tenant's is a plain 404; a bad id 400", async () => {
      expect((await h.request('GET', `/tenants/${tenantId}/sync`)).status).toBe(401);
      expect((await h.request('GET', `/tenants/${otherTenantId}/sync`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('GET', '/tenants/123/sync', { token: opsToken })).status).toBe(400);
    });
  });

  describe('GET /runs', () => {
    it("lists the tenant's runs with links into the Temporal UI", async () => {
      let runs: { workflowId: string; runId: string; type: string; status: string; url: string }[] = [];
      await eventually(async () => {
        runs = (await h.request('GET', `/tenants/${tenantId}/runs`, { token })).body.runs;
        return runs.length > 0;
      }, { what: 'the sync run in visibility', timeoutMs: 15_000 });
      const sync = runs.find((r) => r.workflowId === tenantSyncWorkflowId(tenantId))!;
      expect(sync).toMatchObject({ type: 'tenantSyncWorkflow', status: 'RUNNING' });
      expect(sync.url).toBe(`http://localhost:8233/namespaces/default/workflows/${sync.workflowId}/${sync.runId}/history`);
      const other = await h.request('GET', `/tenants/${otherTenantId}/runs`, { token: opsToken });
      expect(other.body.runs).toEqual([]);
    });

    it("needs a session (401); another tenant's is a plain 404; a bad id 400", async () => {
      expect((await h.request('GET', `/tenants/${tenantId}/runs`)).status).toBe(401);
      expect((await h.request('GET', `/tenants/${otherTenantId}/runs`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('GET', "/tenants/x'%20OR%20'1'='1/runs", { token: opsToken })).status).toBe(400);
    });
  });

  describe('GET /sales/:orderNumber', () => {
    it('shows a posted sale from synced_sales', async () => {
      await h.db.insert(syncedSales).values({
        tenantId, source: 'woocommerce', externalId: '1001', state: 'posted', amountExclCents: 1000, amountInclCents: 1210,
        targetDocumentId: 'mb-inv-1', postedAt: new Date('2025-03-01T10:00:00Z'),
      });
      const res = await h.request('GET', `/tenants/${tenantId}/sales/1001`, { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        orderNumber: '1001', source: 'woocommerce', externalId: '1001', state: 'posted', attempts: null, lastError: null,
        targetDocumentId: 'mb-inv-1',
        posted: { state: 'posted', amountExclCents: 1000, amountInclCents: 1210, postedAt: '2025-03-01T10:00:00.000Z' },
        workflow: null, errors: [],
      });
    });

    it("shows a failed sale's last error; the debtor's e-mail only to the tenant's users", async () => {
      await plantSaleError(h.db, { tenantId, externalId: '77', orderNumber: 'WC-1002', email: 'jan@example.nl' });
      const own = await h.request('GET', `/tenants/${tenantId}/sales/WC-1002`, { token });
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ externalId: '77', state: 'failed', attempts: 1, lastError: { code: 'INVALID_EMAIL' }, targetDocumentId: null });
      expect(own.body.lastError.message).toContain('jan@example.nl');
      const ops = await h.request('GET', `/tenants/${tenantId}/sales/WC-1002`, { token: opsToken });
      expect(ops.text).not.toContain('jan@example.nl');
      expect(ops.body.lastError.message).toContain('[hidden]');
    });

    it('describes a running sale workflow, linking its history', async () => {
      const [error] = await h.db.select().from(saleErrors);
      const retry = await h.request('POST', `/tenants/${tenantId}/errors/${error!.id}/retry`, { token });
      expect(retry.status).toBe(202);
      const res = await h.request('GET', `/tenants/${tenantId}/sales/WC-1002`, { token });
      expect(res.body.workflow).toMatchObject({ workflowId: `sale:${tenantId}:woocommerce:77`, runId: retry.body.runId, status: 'RUNNING', closedAt: null });
      expect(res.body.workflow.url).toBe(retry.body.url);
    });

    it('is a plain 404 for an unknown order and for another tenant; 400 for a malformed number; 401 without a session', async () => {
      expect((await h.request('GET', `/tenants/${tenantId}/sales/9999`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('GET', `/tenants/${otherTenantId}/sales/1001`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('GET', `/tenants/${otherTenantId}/sales/1001`, { token: opsToken })).body).toEqual(NOT_FOUND_BODY);
      const bad = await h.request('GET', `/tenants/${tenantId}/sales/a%20b`, { token });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('orderNumber');
      expect((await h.request('GET', `/tenants/${tenantId}/sales/1001`)).status).toBe(401);
    });
  });
});
