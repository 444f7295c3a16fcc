/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payloadsToJson } from '../../crypto/codec-http';
import { getConnection } from '../../db/queries/connections';
import { insertSaleError } from '../../db/queries/sale-errors';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { createHarness, moneybirdCredentials, wooCredentials, type Harness, type TestUser } from './harness';

/** Hostile input at the API's boundaries: bodies, ids, privacy look-ups, logins, connection tests, the codec. */
describe('API: hostile input at the boundaries', () => {
  let h: Harness;
  let ops: TestUser;
  let opsToken: string;
  let tenantId: string;

  beforeAll(async () => {
    h = await createHarness();
    ops = await h.createUser('ops');
    opsToken = await h.login(ops, '192.0.2.40');
    tenantId = await h.createTenant();
  });
  afterAll(async () => h?.close());

  it('a control character (U+0000) in a body field or a query is a 400 naming the field; nothing of the body reaches the log', async () => {
    const name = 'Nulwinkel Geheim B.V.';
    const address = 'Verborgenstraat 99';
    const iban = 'NL91ABNA0417164300';
    const created = await h.request('POST', '/tenants', { token: opsToken, json: { name: `${name}\u0000`, address, iban } });
    expect(created.status).toBe(400);
    expect(created.body.error.code).toBe('VALIDATION');
    expect(created.body.error.fields[0].path).toBe('name');
    const patched = await h.request('PATCH', `/tenants/${tenantId}`, { token: opsToken, json: { address: `${address}\u0007`, iban } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.fields[0].path).toBe('address');
    const query = await h.request('GET', `/tenants/${tenantId}/debtors/export?email=${encodeURIComponent('a\u0000@b.nl')}`, { token: opsToken });
    expect(query.status).toBe(400);
    expect(query.body.error.fields[0].path).toBe('email');
    const lines = h.logs.join('\n');
    for (const value of [name, address, iban]) expect(lines).not.toContain(value);
    expect(h.bodies.some((b) => b.includes('"INTERNAL"'))).toBe(false);
  });

  it('an upper-case tenant id is the same tenant: one vault key, one sync workflow', async () => {
    const upper = tenantId.toUpperCase();
    const put = await h.request('PUT', `/tenants/${upper}/connections/target`, {
      token: opsToken, json: { vendor: 'moneybird', baseUrl: 'https://moneybird.example', credentials: moneybirdCredentials() },
    });
    expect(put.status).toBe(200);
    // The worker opens the credentials under the canonical id.
    const row = (await getConnection(h.db, tenantId, 'target'))!;
    await expect(h.vault.open(tenantId, row.id, row.sealedCredentials!, { actor: 'test', purpose: 'check' })).resolves.toMatchObject({ administrationId: '123456789' });
    const source = await h.request('PUT', `/tenants/${upper}/connections/source`, {
      token: opsToken, json: { vendor: 'woocommerce', baseUrl: 'https://shop.example', credentials: wooCredentials() },
    });
    expect(source.status).toBe(200);
    const started = await h.request('POST', `/tenants/${upper}/sync/start`, { token: opsToken });
    expect([200, 202]).toContain(started.status);
    await expect(h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).describe()).resolves.toBeDefined();
    await expect(h.temporal.workflow.getHandle(`tenant-sync:${upper}`).describe()).rejects.toThrow();
  });

  it('GDPR export and erasure find a debtor by the e-mail as stored, even an invalid one, or by order number', async () => {
    const email = 'jan.jansen-at-voorbeeld.nl';
    await insertSaleError(h.db, {
      tenantId, source: 'woocommerce', externalId: '4711', orderNumber: 'WC-4711', code: 'INVALID_EMAIL', cause: 'order-data',
      template: 'Order {orderNumber} cannot be posted: {summary} (e-mail address on the order: {email})',
      params: { orderNumber: 'WC-4711', summary: 'The e-mail address is invalid.' }, pii: { email },
      workflowId: 'sale:x', runId: 'r', occurredAt: new Date(), redactAt: new Date(Date.now() + 86_400_000),
    });
    const byEmail = await h.request('GET', `/tenants/${tenantId}/debtors/export?email=${encodeURIComponent(email)}`, { token: opsToken });
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.errorRecords.map((e: { orderNumber: string }) => e.orderNumber)).toEqual(['WC-4711']);
    const byOrder = await h.request('GET', `/tenants/${tenantId}/debtors/export?orderNumber=WC-4711`, { token: opsToken });
    expect(byOrder.status).toBe(200);
    expect(byOrder.body.emails).toEqual([email]);
    expect(byOrder.body.errorRecords[0].personalData).toEqual({ email });
    const erased = await h.request('DELETE', `/tenants/${tenantId}/debtors?orderNumber=WC-4711`, { token: opsToken });
    expect(erased.status).toBe(200);
    expect(erased.body.errorRecordsRedacted).toBe(1);
    const after = await h.request('GET', `/tenants/${tenantId}/debtors/export?email=${encodeURIComponent(email)}`, { token: opsToken });
    expect(after.body.errorRecords).toEqual([]);
  });

  it("a stranger's wrong guesses never lock out the real user, from another network or the same one", async () => {
    const user = await h.createUser('tenant', tenantId);
    // 30 guesses with the right e-mail but no account key: the network (/24) locks, the account does not.
    for (let i = 0; i < 30; i += 1) {
      await h.request('POST', '/auth/login', { json: { email: user.email, accountKey: 'B'.repeat(32), password: `Guess-${i}-Password` }, ip: '203.0.113.7' });
    }
    const stranger = await h.request('POST', '/auth/login', { json: { email: user.email, accountKey: 'B'.repeat(32), password: 'Another-Guess-1' }, ip: '203.0.113.9' });
    expect(stranger.status).toBe(429);
    const sameNetwork = await h.request('POST', '/auth/login', { json: { email: user.email, accountKey: user.accountKey, password: user.password }, ip: '203.0.113.8' });
    expect(sameNetwork.status).toBe(200);
    const elsewhere = await h.request('POST', '/auth/login', { json: { email: user.email, accountKey: user.accountKey, password: user.password }, ip: '198.51.100.50' });
    expect(elsewhere.status).toBe(200);
    // Someone who has the account key and guesses passwords locks that account.
    for (let i = 0; i < 5; i += 1) {
      await h.request('POST', '/auth/login', { json: { email: user.email, accountKey: user.accountKey, password: `Guess-${i}-Password` }, ip: '198.51.100.60' });
    }
    const locked = await h.request('POST', '/auth/login', { json: { email: user.email, accountKey: user.accountKey, password: 'Guess-9-Password' }, ip: '198.51.100.61' });
    expect(locked.status).toBe(429);
  });

  it('the connection test is throttled per tenant, before any workflow (and so any vendor call) starts', async () => {
    const fast = await createHarness({ deps: { timeouts: { connectionTestMs: 100 } } });
    try {
      const fastOps = await fast.createUser('ops');
      const token = await fast.login(fastOps);
      const tenant = await fast.createTenant();
      await fast.request('PUT', `/tenants/${tenant}/connections/target`, {
        token, json: { vendor: 'moneybird', baseUrl: 'https://moneybird.example', credentials: moneybirdCredentials() },
      });
      const statuses: number[] = [];
      for (let i = 0; i < 7; i += 1) statuses.push((await fast.request('POST', `/tenants/${tenant}/connections/target/test`, { token })).status);
      expect(statuses.slice(0, 5)).not.toContain(429);
      expect(statuses.slice(5)).toEqual([429, 429]);
      let started = 0;
      for await (const _ of fast.temporal.workflow.list({ query: `DoorzetTenantId = '${tenant}' AND WorkflowType = 'connectionTestWorkflow'` })) started += 1;
      expect(started).toBeLessThanOrEqual(5);
    } finally {
      await fast.close();
    }
  });

  it('the codec endpoint decodes what it can and passes the rest through, and registers the reason given in its path', async () => {
    const other = randomUUID();
    const foreign = { metadata: { encoding: 'binary/encrypted', 'encryption-key-id': `tenant:${other}:v1` }, data: 'AAAA' };
    const body = payloadsToJson([
      { metadata: { encoding: new TextEncoder().encode('binary/null') } },
      { metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode('"plain"') },
    ]);
    const encoded = await h.request('POST', '/codec/encode', { token: opsToken, json: payloadsToJson([{ metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode(JSON.stringify({ tenantId, x: 1 })) }]) });
    expect(encoded.status).toBe(200);
    const all = { payloads: [...body.payloads, { metadata: { encoding: btoa(foreign.metadata.encoding), 'encryption-key-id': btoa(foreign.metadata['encryption-key-id']) }, data: foreign.data }, ...encoded.body.payloads] };
    const res = await h.request('POST', '/codec/reason/TICKET-4242/decode', { token: opsToken, json: all });
    expect(res.status).toBe(200);
    expect(res.body.payloads).toHaveLength(4);
    expect(res.body.payloads[2]).toEqual(all.payloads[2]); // foreign: passed through
    expect(JSON.parse(atob(res.body.payloads[3].data))).toEqual({ tenantId, x: 1 });
    const register = await h.request('GET', `/tenants/${tenantId}/access-register`, { token: opsToken });
    expect(register.body.entries.some((e: { action: string; reason: string }) => e.action === 'codec.decode' && e.reason === 'TICKET-4242')).toBe(true);
  });
});
