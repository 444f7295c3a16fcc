import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWooSimulator, type WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import type { WooOrder } from '../../connectors/sources/woocommerce/woo-order';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import type { Db } from '../../db/client';
import { insertDebugCopy, listDebugCopySales } from '../../db/queries/debug-copies';
import { accessRegister, debugCopies, retentionTimers, saleErrors } from '../../db/schema';
import { debugCopyWorkflowId } from '../../domain/backups';
import { addDays, dueAt } from '../../domain/retention-policy';
import { connectorFactory } from '../../connectors/registry';
import type { debugCopyWorkflow } from '../../workflows/backups/debug-copy.workflow';
import { createHarness, type Harness } from '../api/harness';
import { startTimeSkippingHarness, type TimeSkippingHarness } from '../retention/time-skipping';
import { createSimulatedTenant, eventually } from '../support/tenant';
import { startTestWorker, type TestWorker } from '../support/worker';

const HOUR_MS = 3_600_000;

/** An open error record of an order in the shop, as the sale workflow writes it (the e-mail is the problem). */
async function failingSale(db: Db, tenantId: string, order: WooOrder, occurredAt = new Date()): Promise<string> {
  const [row] = await db.insert(saleErrors).values({
    tenantId, source: 'woocommerce', externalId: String(order.id), orderNumber: order.number, code: 'DEBTOR_EMAIL_INVALID', cause: 'validation',
    template: 'Order {orderNumber}: the e-mail address {email} is not valid.', params: { orderNumber: order.number }, pii: { email: order.billing.email ?? '' },
    workflowId: `sale:${tenantId}:woocommerce:${order.id}`, runId: randomUUID(), occurredAt, redactAt: addDays(occurredAt, 61),
  }).returning({ id: saleErrors.id });
  return row!.id;
}

/** Orders with personal data a debug copy must not show: a malformed e-mail and a full name and address. */
function badEmailOrder(woo: WooSimulator): WooOrder {
  const order = woo.createOrder();
  return woo.updateOrder(order.id, { billing: { ...order.billing, email: 'jan.jansen-at-example.nl', first_name: 'Jan', last_name: 'Jansen', address_1: 'Kerkstraat 12' } });
}

function expectNoPersonalData(copied: unknown, order: WooOrder): void {
  const text = JSON.stringify(copied);
  for (const value of [order.billing.email, order.billing.first_name, order.billing.last_name, order.billing.address_1, order.billing.phone]) {
    if (value) expect(text).not.toContain(value);
  }
}

describe('debug copies on the time-skipping server', () => {
  let h: TimeSkippingHarness;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  beforeAll(async () => {
    h = await startTimeSkippingHarness({ connectorFactory });
    woo = await startWooSimulator({ seed: 17 });
    moneybird = await startMoneybirdSimulator({ seed: 17 });
  });
  afterAll(async () => {
    await woo?.stop();
    await moneybird?.stop();
    await h?.teardown();
  });

  async function startCopy(tenantId: string) {
    const copyId = randomUUID();
    const requestedAt = await h.now();
    await insertDebugCopy(h.database.db, {
      id: copyId, tenantId, requestedBy: 'ops:tester', reason: 'order totals off by a cent', workflowId: debugCopyWorkflowId(copyId),
      expiresAt: dueAt('debugCopyDestruction', requestedAt),
    });
    const handle = await h.client.workflow.start<typeof debugCopyWorkflow>('debugCopyWorkflow', {
      workflowId: debugCopyWorkflowId(copyId), taskQueue: h.taskQueue, args: [{ tenantId, copyId, requestedAt: requestedAt.toISOString(), checkEveryMs: 6 * HOUR_MS }],
    });
    const db = h.database.db;
    await eventually(async () => (await db.select().from(debugCopies).where(eq(debugCopies.id, copyId)))[0]?.state === 'ready', { what: 'the copy made' });
    // The deadline is registered right after the copy is made.
    await eventually(async () => (await db.select().from(retentionTimers).where(eq(retentionTimers.subjectId, copyId))).length === 1, { what: 'the deadline registered' });
    return { copyId, requestedAt, handle };
  }

  it('copies the failing sales anonymised, then destroys the copy after 14 days when the errors stay open', async () => {
    const db = h.database.db;
    const tenant = await createSimulatedTenant(db, h.vault, { woo, moneybird });
    const order = badEmailOrder(woo);
    await failingSale(db, tenant.tenantId, order);
    const vanished = woo.createOrder();
    woo.orders.delete(vanished.id); // deleted in the shop since it failed: the copy says so
    await failingSale(db, tenant.tenantId, vanished);

    const { copyId, requestedAt, handle } = await startCopy(tenant.tenantId);
    const sales = await listDebugCopySales(db, copyId);
    expect(sales.map((s) => [s.orderNumber, s.fetchProblem])).toEqual([[order.number, null], [vanished.number, 'NOT_FOUND']].sort());
    const copied = sales.find((s) => s.orderNumber === order.number)!;
    expect(copied.sale).toMatchObject({ externalId: String(order.id), debtor: { email: 'not-an-email-1', country: order.billing.country } });
    expect(copied.error.message).toBe(`Order ${order.number}: the e-mail address {email} is not valid.`);
    expectNoPersonalData(sales, order);

    const register = await db.select().from(accessRegister).where(eq(accessRegister.tenantId, tenant.tenantId));
    expect(register.map((r) => [r.actor, r.action])).toEqual([['ops:tester', 'debug-copy.created']]);
    expect(register[0]?.reason).toMatch(/^order totals off by a cent \(debug copy .* of 2 failing sale\(s\), debtors anonymised/);
    const deadline = dueAt('debugCopyDestruction', requestedAt);
    const [timer] = await db.select().from(retentionTimers).where(eq(retentionTimers.subjectId, copyId));
    expect(timer).toMatchObject({ rule: 'debugCopyDestruction', state: 'pending', dueAt: deadline });

    await h.skipTo(new Date(deadline.getTime() - HOUR_MS));
    expect(await listDebugCopySales(db, copyId)).toHaveLength(2);
    await h.skipTo(deadline);
    expect(await handle.result()).toEqual({ outcome: 'expired', sales: 2 });
    expect(await listDebugCopySales(db, copyId)).toEqual([]);
    const [copy] = await db.select().from(debugCopies).where(eq(debugCopies.id, copyId));
    expect(copy).toMatchObject({ state: 'destroyed', destroyedBecause: 'expired' });
    expect(copy!.destroyedAt!.getTime()).toBeLessThanOrEqual(Date.now());
    const after = await db.select().from(accessRegister).where(eq(accessRegister.tenantId, tenant.tenantId));
    expect(after.map((r) => r.action).sort()).toEqual(['debug-copy.created', 'debug-copy.destroyed']);
    const [settled] = await db.select().from(retentionTimers).where(eq(retentionTimers.subjectId, copyId));
    expect(settled?.state).toBe('done');
  });

  it('destroys the copy at the first check after the errors are resolved, long before 14 days', async () => {
    const db = h.database.db;
    const tenant = await createSimulatedTenant(db, h.vault, { woo, moneybird });
    const errorId = await failingSale(db, tenant.tenantId, badEmailOrder(woo));
    const { copyId, requestedAt, handle } = await startCopy(tenant.tenantId);
    expect(await listDebugCopySales(db, copyId)).toHaveLength(1);

    await h.skipTo(new Date(requestedAt.getTime() + 24 * HOUR_MS));
    expect(await listDebugCopySales(db, copyId)).toHaveLength(1);
    await db.update(saleErrors).set({ resolvedAt: new Date() }).where(eq(saleErrors.id, errorId));
    expect(await handle.result()).toEqual({ outcome: 'resolved', sales: 1 });
    const [copy] = await db.select().from(debugCopies).where(eq(debugCopies.id, copyId));
    expect(copy).toMatchObject({ state: 'destroyed', destroyedBecause: 'resolved' });
    // At the first check after the fix: within a day and a check interval of the request, not at the deadline.
    expect((await h.now()).getTime()).toBeLessThan(requestedAt.getTime() + 31 * HOUR_MS);
    expect(await listDebugCopySales(db, copyId)).toEqual([]);
  });
});

describe('debug copies through the API (ops only)', () => {
  let h: Harness;
  let worker: TestWorker;
  let woo: WooSimulator;
  let moneybird: MoneybirdSimulator;
  beforeAll(async () => {
    h = await createHarness();
    worker = await startTestWorker({ database: h.database, connectorFactory, taskQueue: h.taskQueue });
    woo = await startWooSimulator({ seed: 23 });
    moneybird = await startMoneybirdSimulator({ seed: 23 });
  });
  afterAll(async () => {
    await worker?.stop();
    await woo?.stop();
    await moneybird?.stop();
    await h?.close();
  });

  it('makes a copy on request, shows it to ops, lists it in the access register and deletions, and destroys it on request', async () => {
    const tenant = await createSimulatedTenant(h.db, worker.vault, { woo, moneybird });
    const order = badEmailOrder(woo);
    await failingSale(h.db, tenant.tenantId, order);
    const ops = await h.login(await h.createUser('ops'));
    const owner = await h.login(await h.createUser('tenant', tenant.tenantId));
    const base = `/tenants/${tenant.tenantId}/debug-copies`;

    expect((await h.request('POST', base, { token: owner, json: { reason: 'mine' } })).status).toBe(403);
    expect((await h.request('POST', base, { token: ops, json: {} })).status).toBe(400);
    const made = await h.request('POST', base, { token: ops, json: { reason: 'VAT rounding on order lines' } });
    expect(made.status).toBe(202);
    const copy = made.body as { id: string; state: string; expiresAt: string; workflowId: string };
    expect(copy.state).toBe('making');
    expect(copy.workflowId).toBe(`debug-copy:${copy.id}`);
    expect(new Date(copy.expiresAt).getTime() - Date.now()).toBeGreaterThan(13.9 * 24 * HOUR_MS);

    let shown: { state: string; salesCopied: { orderNumber: string; sale: { debtor: { email: string } } }[] } = { state: '', salesCopied: [] };
    await eventually(async () => {
      shown = (await h.request('GET', `${base}/${copy.id}`, { token: ops })).body as typeof shown;
      return shown.state === 'ready';
    }, { what: 'the copy ready' });
    expect(shown.salesCopied.map((s) => [s.orderNumber, s.sale.debtor.email])).toEqual([[order.number, 'not-an-email-1']]);
    expectNoPersonalData(shown, order);
    expect((await h.request('GET', `${base}/${copy.id}`, { token: owner })).status).toBe(403);

    // The tenant sees the copy in its access register and its deadline among its pending deletions.
    const register = (await h.request('GET', `/tenants/${tenant.tenantId}/access-register`, { token: owner })).body as { entries: { action: string; reason: string }[] };
    expect(register.entries.find((e) => e.action === 'debug-copy.created')?.reason).toMatch(/^VAT rounding on order lines \(debug copy/);
    // The workflow registers the deadline right after the copy is made (a moment after it shows 'ready').
    type Deletions = { deletions: { rule: string; subjectId: string; dueAt: string }[] };
    let deletions: Deletions = { deletions: [] };
    await eventually(async () => {
      deletions = (await h.request('GET', `/tenants/${tenant.tenantId}/deletions`, { token: owner })).body as Deletions;
      return deletions.deletions.some((d) => d.subjectId === copy.id);
    }, { what: 'the deadline among the deletions' });
    expect(deletions.deletions).toContainEqual(expect.objectContaining({ rule: 'debugCopyDestruction', subjectId: copy.id, dueAt: copy.expiresAt }));

    expect((await h.request('DELETE', `${base}/${copy.id}`, { token: ops })).status).toBe(202);
    expect(await worker.client.workflow.getHandle(copy.workflowId).result()).toEqual({ outcome: 'ops', sales: 1 });
    const gone = (await h.request('GET', `${base}/${copy.id}`, { token: ops })).body as { state: string; destroyedBecause: string; salesCopied: unknown[] };
    expect(gone).toMatchObject({ state: 'destroyed', destroyedBecause: 'ops', salesCopied: [] });
    const listed = (await h.request('GET', base, { token: ops })).body as { copies: { id: string; state: string }[] };
    expect(listed.copies.map((c) => [c.id, c.state])).toEqual([[copy.id, 'destroyed']]);
  });

  it('refuses a copy when the tenant has no failing sales', async () => {
    const tenant = await createSimulatedTenant(h.db, worker.vault, { woo, moneybird });
    const ops = await h.login(await h.createUser('ops'));
    const res = await h.request('POST', `/tenants/${tenant.tenantId}/debug-copies`, { token: ops, json: { reason: 'just looking' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: { code: 'NO_FAILING_SALES' } });
  });
});
