/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnection, markCredentialsRejected } from '../../db/queries/connections';
import { credentialAccessLog } from '../../db/schema';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { createHarness, moneybirdCredentials, NOT_FOUND_BODY, PLANTED, wooCredentials, type Harness } from './harness';

describe('API: connections (write-only credentials)', () => {
  let h: Harness;
  let opsToken: string;
  let tenantId: string;
  let otherTenantId: string;
  let token: string;

  const source = () => ({ vendor: 'woocommerce', baseUrl: 'https://shop.example.nl/', credentials: wooCredentials() });
  const target = () => ({ vendor: 'moneybird', baseUrl: 'https://moneybird.com', credentials: moneybirdCredentials(), settings: { rateLimit: { limit: 100, windowMs: 300_000 } } });

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

  describe('PUT /tenants/:tenantId/connections/:role', () => {
    it('stores the credentials sealed and answers without them', async () => {
      const res = await h.request('PUT', `/tenants/${tenantId}/connections/source`, { token, json: source() });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: expect.any(String), role: 'source', vendor: 'woocommerce', baseUrl: 'https://shop.example.nl', settings: {},
        hasCredentials: true, credentialsRejectedAt: null, credentialsDeletedAt: null, updatedAt: expect.any(String),
        webhookUrl: `http://127.0.0.1:3000/webhooks/woocommerce/${res.body.id}`,
        webhookTopics: ['order.created', 'order.updated', 'order.deleted', 'order.restored'],
        auth: 'credentials', connectUrl: null, administration: null,
      });
      const row = await getConnection(h.db, tenantId, 'source');
      const sealed = Buffer.from(row!.sealedCredentials!).toString('latin1');
      for (const secret of Object.values(PLANTED)) expect(sealed).not.toContain(secret);
      // Sealed for this row: the vault opens it (and logs the access).
      expect(await h.vault.open(tenantId, row!.id, row!.sealedCredentials!, { actor: 'test', purpose: 'assert sealed' })).toEqual(wooCredentials());
    });

    it('replaces credentials in place: same id, new secret', async () => {
      const before = await getConnection(h.db, tenantId, 'source');
      const res = await h.request('PUT', `/tenants/${tenantId}/connections/source`, {
        token, json: { ...source(), credentials: { ...wooCredentials(), consumerSecret: 'cs_replacement' } },
      });
      expect(res.body.id).toBe(before!.id);
      const after = await getConnection(h.db, tenantId, 'source');
      const opened = await h.vault.open(tenantId, after!.id, after!.sealedCredentials!, { actor: 'test', purpose: 'assert replaced' });
      expect(opened).toMatchObject({ consumerSecret: 'cs_replacement' });
      await h.request('PUT', `/tenants/${tenantId}/connections/source`, { token, json: source() });
    });

    it('sets the target with settings (ops too, and recorded)', async () => {
      const res = await h.request('PUT', `/tenants/${tenantId}/connections/target`, { token: opsToken, json: target(), headers: { 'x-access-reason': 'onboarding call' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ role: 'target', vendor: 'moneybird', settings: { rateLimit: { limit: 100, windowMs: 300_000 } }, webhookUrl: null });
    });

    it('validates credentials per vendor, naming fields and never echoing a value (400)', async () => {
      const res = await h.request('PUT', `/tenants/${tenantId}/connections/source`, {
        token, json: { vendor: 'woocommerce', baseUrl: 'http://shop.example.nl', credentials: { consumerKey: PLANTED.apiToken, consumerSecret: PLANTED.webhookSecret } },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
        'baseUrl', 'credentials.consumerKey', 'credentials.consumerSecret',
      ]);
      const mb = await h.request('PUT', `/tenants/${tenantId}/connections/target`, { token, json: { vendor: 'moneybird', baseUrl: 'https://moneybird.com', credentials: { apiToken: 'short', administrationId: 'abc' } } });
      expect(mb.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['credentials.administrationId', 'credentials.apiToken']);
    });

    it('refuses a vendor in the wrong role, an unknown vendor and an unknown role (400)', async () => {
      const wrongRole = await h.request('PUT', `/tenants/${tenantId}/connections/target`, { token, json: source() });
      expect(wrongRole.body.error.fields).toEqual([{ path: 'vendor', message: 'woocommerce cannot be a target.' }]);
      const unknown = await h.request('PUT', `/tenants/${tenantId}/connections/source`, { token, json: { ...source(), vendor: 'bol-com' } });
      expect(unknown.body.error.fields[0].path).toBe('vendor');
      const role = await h.request('PUT', `/tenants/${tenantId}/connections/ledger`, { token, json: source() });
      expect(role.status).toBe(400);
      expect(role.body.error.fields[0].path).toBe('role');
    });

    it("needs a session (401); another tenant's is a plain 404", async () => {
      expect((await h.request('PUT', `/tenants/${tenantId}/connections/source`, { json: source() })).status).toBe(401);
      const other = await h.request('PUT', `/tenants/${otherTenantId}/connections/source`, { token, json: source() });
      expect(other.status).toBe(404);
      expect(other.body).toEqual(NOT_FOUND_BODY);
      expect(await getConnection(h.db, otherTenantId, 'source')).toBeNull();
    });

    it('resumes a sync that paused because the vendor rejected the old credentials', async () => {
      const start = await h.request('POST', `/tenants/${tenantId}/sync/start`, { token });
      expect(start.status).toBe(200);
      await markCredentialsRejected(h.db, tenantId, 'target');
      const res = await h.request('PUT', `/tenants/${tenantId}/connections/target`, { token, json: target() });
      expect(res.body.credentialsRejectedAt).toBeNull();
      const history = await h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).fetchHistory();
      const signals = (history.events ?? []).map((e) => e.workflowExecutionSignaledEventAttributes?.signalName).filter(Boolean);
      expect(signals).toEqual(['resumeSync']);
      // A save without an earlier rejection sends nothing.
      await h.request('PUT', `/tenants/${tenantId}/connections/target`, { token, json: target() });
      const again = await h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).fetchHistory();
      expect((again.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(1);
    });
  });

  describe('GET /tenants/:tenantId/connections', () => {
    it('lists both connections without credentials', async () => {
      const res = await h.request('GET', `/tenants/${tenantId}/connections`, { token });
      expect(res.status).toBe(200);
      expect(res.body.connections.map((c: { role: string }) => c.role)).toEqual(['source', 'target']);
      for (const c of res.body.connections) {
        expect(Object.keys(c).sort()).toEqual([
          'administration', 'auth', 'baseUrl', 'connectUrl', 'credentialsDeletedAt', 'credentialsRejectedAt', 'hasCredentials', 'id', 'role', 'settings', 'updatedAt', 'vendor', 'webhookTopics', 'webhookUrl',
        ]);
      }
    });

    it("needs a session (401), a valid tenant id (400 for ops); another tenant's is a plain 404", async () => {
      expect((await h.request('GET', `/tenants/${tenantId}/connections`)).status).toBe(401);
      expect((await h.request('GET', '/tenants/x/connections', { token: opsToken })).status).toBe(400);
      expect((await h.request('GET', `/tenants/${otherTenantId}/connections`, { token })).body).toEqual(NOT_FOUND_BODY);
    });
  });

  describe('POST /tenants/:tenantId/connections/:role/test (without a worker; see worker.test.ts for results)', () => {
    it('is a plain 404 without that connection, for another tenant, and 401 without a session', async () => {
      const bare = await h.createTenant();
      const ops = await h.request('POST', `/tenants/${bare}/connections/source/test`, { token: opsToken });
      expect(ops.body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('POST', `/tenants/${otherTenantId}/connections/source/test`, { token })).body).toEqual(NOT_FOUND_BODY);
      expect((await h.request('POST', `/tenants/${tenantId}/connections/source/test`)).status).toBe(401);
      expect((await h.request('POST', `/tenants/${tenantId}/connections/both/test`, { token })).status).toBe(400);
    });
  });

  it('never decrypted credentials for the API except where a test opened them', async () => {
    const actors = (await h.db.select().from(credentialAccessLog)).map((r) => r.actor);
    expect(new Set(actors)).toEqual(new Set(['test']));
  });
});
