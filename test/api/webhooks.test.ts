/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import proto from '@temporalio/proto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hmacSha256Base64 } from '../../crypto/hmac';
import { credentialAccessLog } from '../../db/schema';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { createHarness, moneybirdCredentials, PLANTED, wooCredentials, type Harness } from './harness';

const REJECTED = { error: { code: 'INVALID_SIGNATURE', message: 'The webhook signature is not valid.' } };

describe('API: WooCommerce webhooks', () => {
  let h: Harness;
  let tenantId: string;
  let connectionId: string;
  let targetConnectionId: string;

  beforeAll(async () => {
    h = await createHarness();
    tenantId = await h.createTenant();
    const token = await h.login(await h.createUser('tenant', tenantId));
    const res = await h.request('PUT', `/tenants/${tenantId}/connections/source`, {
      token, json: { vendor: 'woocommerce', baseUrl: 'https://shop.example.nl', credentials: wooCredentials() },
    });
    connectionId = res.body.id;
    const target = await h.request('PUT', `/tenants/${tenantId}/connections/target`, {
      token, json: { vendor: 'moneybird', baseUrl: 'https://moneybird.com', credentials: moneybirdCredentials() },
    });
    targetConnectionId = target.body.id;
  });
  afterAll(async () => {
    h.expectNoSecretsLeaked();
    await h.close();
  });

  const order = JSON.stringify({ id: 4711, number: '4711', status: 'processing', date_modified_gmt: '2025-03-01T10:00:00', billing: { email: 'klant@example.nl' } });
  const deliver = async (id: string, body: string, signature: string | null, headers: Record<string, string> = {}) =>
    h.request('POST', `/webhooks/woocommerce/${id}`, {
      body,
      headers: {
        'content-type': 'application/json', 'x-wc-webhook-topic': 'order.updated', 'x-wc-webhook-resource': 'order',
        ...(signature ? { 'x-wc-webhook-signature': signature } : {}), ...headers,
      },
    });
  const syncExists = async () => {
    try {
      await h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).describe();
      return true;
    } catch {
      return false;
    }
  };

  it('answers WooCommerce\'s unsigned ping with 200 and starts nothing', async () => {
    const res = await h.request('POST', `/webhooks/woocommerce/${connectionId}`, { body: 'webhook_id=12', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    expect(await syncExists()).toBe(false);
  });

  it('rejects a bad, a missing or a wrongly keyed signature with 401 and starts nothing', async () => {
    const wrongKey = await hmacSha256Base64('some-other-secret', order);
    const tampered = await hmacSha256Base64(PLANTED.webhookSecret, order.replace('4711', '4712'));
    for (const signature of [wrongKey, tampered, 'not base64!', null]) {
      const res = await deliver(connectionId, order, signature);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(REJECTED);
    }
    expect(await syncExists()).toBe(false);
  });

  it('costs no vault decryption per forged delivery: the verifier is built once and kept', async () => {
    const before = await h.db.select().from(credentialAccessLog).where(eq(credentialAccessLog.connectionId, connectionId));
    for (let i = 0; i < 30; i += 1) {
      const forged = order.replace('4711', String(5000 + i));
      expect((await deliver(connectionId, forged, await hmacSha256Base64('guessed-secret', forged))).status).toBe(401);
    }
    const after = await h.db.select().from(credentialAccessLog).where(eq(credentialAccessLog.connectionId, connectionId));
    expect(after.length - before.length).toBeLessThanOrEqual(1);
    expect(await syncExists()).toBe(false);
  });

  it('answers an unknown connection, a malformed id and a target connection exactly like a bad signature', async () => {
    const signature = await hmacSha256Base64(PLANTED.webhookSecret, order);
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid', targetConnectionId]) {
      const res = await deliver(id, order, signature);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(REJECTED);
    }
    expect(await syncExists()).toBe(false);
  });

  it('signals (and starts) the tenant sync for a valid delivery: 202', async () => {
    const signature = await hmacSha256Base64(PLANTED.webhookSecret, order);
    const res = await deliver(connectionId, order, signature);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ accepted: true });
    const handle = h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId));
    const description = await handle.describe();
    expect(description.status.name).toBe('RUNNING');
    expect(description.taskQueue).toBe(h.taskQueue);
    expect(description.typedSearchAttributes.getAll().map((p) => [p.key.name, p.value])).toContainEqual(['DoorzetTenantId', tenantId]);
    const history = await handle.fetchHistory();
    const signaled = (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes);
    expect(signaled.map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)).toEqual(['orderChanged']);
    // Only ids reach Temporal: the raw history holds neither the debtor's e-mail nor the order number in plaintext.
    const raw = Buffer.from(proto.temporal.api.history.v1.History.encode(history).finish()).toString('latin1');
    expect(raw).not.toContain('klant@example.nl');
    expect(raw).not.toContain('2025-03-01T10:00:00');
    const [arg] = await h.temporal.options.loadedDataConverter.payloadCodecs[0]!.decode(
      signaled[0]!.workflowExecutionSignaledEventAttributes!.input!.payloads!,
    );
    expect(JSON.parse(Buffer.from(arg!.data!).toString())).toEqual({ externalId: '4711', modifiedAt: '2025-03-01T10:00:00Z' });

    const access = await h.db.select().from(credentialAccessLog).where(eq(credentialAccessLog.connectionId, connectionId));
    expect(access.map((a) => [a.actor, a.purpose])).toContainEqual(['webhook', 'verify webhook signatures']);
  });

  it('ignores deliveries for other resources (202, nothing signalled) and refuses a signed non-order body (400)', async () => {
    const product = JSON.stringify({ id: 9 });
    const ignored = await deliver(connectionId, product, await hmacSha256Base64(PLANTED.webhookSecret, product), { 'x-wc-webhook-resource': 'product' });
    expect(ignored.status).toBe(202);
    expect(ignored.body).toEqual({ accepted: false });
    const junk = 'this is not json';
    const bad = await deliver(connectionId, junk, await hmacSha256Base64(PLANTED.webhookSecret, junk));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields[0].path).toBe('body');
    const history = await h.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).fetchHistory();
    expect((history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes)).toHaveLength(1);
  });
});
