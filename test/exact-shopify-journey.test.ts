import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorFactory } from '../connectors/registry';
import type { SimOrder } from '../connectors/sources/shopify/sim-types';
import { startShopifySimulator, type ShopifySimulator } from '../connectors/sources/shopify/simulator';
import { clearMasterDataCache } from '../connectors/targets/exact-online/master-data';
import { startExactSimulator, type ExactSimulator } from '../connectors/targets/exact-online/simulator';
import { oauthTokens, saleErrors, syncedSales } from '../db/schema';
import { parseDecimalToCents } from '../domain/money';
import { tenantSyncWorkflowId, tokenKeeperWorkflowId } from '../domain/workflow-ids';
import { syncStatusQuery } from '../workflows/definitions';
import { tenantSyncWorkflow } from '../workflows/tenant-sync.workflow';
import { createTestDatabase, type TestDatabase } from './support/database';
import { connectExact, createExactTenant, EXACT_TEST_APP, signalTokensReplaced, testOAuthApps } from './support/exact-tenant';
import { eventually } from './support/tenant';
import { startTestWorker, type TestWorker } from './support/worker';

const paid = (order: SimOrder) => parseDecimalToCents(order.totalPriceSet.presentmentMoney.amount);
const reference = (order: SimOrder) => order.name.replace('#', '');

// Exact's two windows, the minutely one raised so this test is about tokens, not waiting (exact-journey lets it bind).
const EXACT_MINUTELY = 400;
const budget = [{ limit: EXACT_MINUTELY - 6, windowMs: 60_000 }, { limit: 5_000 - 6, windowMs: 86_400_000 }];

describe('Shopify to Exact Online through the token keeper', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let shopify: ShopifySimulator;
  let exact: ExactSimulator;
  let tenantId: string;

  beforeAll(async () => {
    clearMasterDataCache();
    database = await createTestDatabase();
    worker = await startTestWorker({ database, connectorFactory, oauth: testOAuthApps, rateLimitOf: () => budget });
    shopify = await startShopifySimulator({ seed: 71 });
    // Access tokens of 8 s: the keeper refreshes several times while the sales run.
    exact = await startExactSimulator({ seed: 71, ...EXACT_TEST_APP, divisions: 1, accessTokenLifetimeMs: 8_000, rateLimits: { minutely: EXACT_MINUTELY } });
    ({ tenantId } = await createExactTenant(database.db, worker.vault, {
      exact, source: { vendor: 'shopify', baseUrl: shopify.url, credentials: { accessToken: shopify.accessToken, clientSecret: shopify.clientSecret } },
    }));
    expect(await connectExact(worker.client, worker.taskQueue, tenantId, exact)).toMatchObject({ ok: true });
    await signalTokensReplaced(worker.client, worker.taskQueue, tenantId);
  });

  afterAll(async () => {
    for (const id of [tenantSyncWorkflowId(tenantId), tokenKeeperWorkflowId(tenantId)]) await worker?.client.workflow.getHandle(id).terminate().catch(() => undefined);
    await shopify?.stop();
    await exact?.stop();
    await worker?.stop();
    await database?.drop();
  });

  it('books 50 Shopify orders in flight at once into Exact, each once and to the cent, with no token error', async () => {
    const orders = Array.from({ length: 50 }, (_, i) => shopify.createOrder({
      lineCount: 1 + (i % 4), discountCode: i % 5 === 0 ? 'WELKOM10' : null, ...(i % 7 === 0 ? { giftCardPaymentCents: 500 } : {}),
    }));
    await worker.client.workflow.start(tenantSyncWorkflow, {
      workflowId: tenantSyncWorkflowId(tenantId), taskQueue: worker.taskQueue,
      args: [{ tenantId, source: 'shopify', pollIntervalSeconds: 1, concurrency: 50 }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    const posted = () => database.db.select().from(syncedSales).where(and(eq(syncedSales.tenantId, tenantId), eq(syncedSales.state, 'posted')));
    await eventually(async () => (await posted()).length === 50, { timeoutMs: 170_000, what: '50 posted Shopify sales' }).catch(async (error: unknown) => {
      // Say how far it got: posted sales, error codes, the Exact calls and 429s, the refreshes, the sync's counts.
      const errors = await database.db.select({ code: saleErrors.code }).from(saleErrors).where(eq(saleErrors.tenantId, tenantId));
      const status = await worker.client.workflow.getHandle(tenantSyncWorkflowId(tenantId)).query(syncStatusQuery).catch(() => null);
      throw new Error(`${String(error)}: ${(await posted()).length} posted, errors ${JSON.stringify(errors.map((e) => e.code))}, ${exact.counters.requests} Exact calls, 429s ${JSON.stringify(exact.counters.rateLimited)}, ${exact.oauth.counters.refreshes} refreshes, refused ${JSON.stringify(exact.oauth.counters.refused)}, sync ${JSON.stringify(status?.counts ?? null)} in flight ${status?.inFlight ?? '?'}`);
    });

    const division = exact.divisions[0]!;
    for (const order of orders) {
      const entries = exact.entriesByReference(division, reference(order));
      expect(entries).toHaveLength(1);
      expect(Math.round(Number(entries[0]!.AmountFC) * 100)).toBe(paid(order));
    }
    expect(await database.db.select().from(saleErrors).where(eq(saleErrors.tenantId, tenantId))).toEqual([]);
    // No refused refresh (reused, lapsed, too early) and no 429 from either window.
    expect(exact.oauth.counters.refused).toEqual({ reused: 0, expired: 0, tooEarly: 0, invalidGrant: 0, invalidClient: 0 });
    expect(exact.oauth.counters.refreshes).toBeGreaterThanOrEqual(1);
    expect(exact.counters.rateLimited).toEqual({ minutely: 0, daily: 0 });
    const [tokens] = await database.db.select().from(oauthTokens).where(eq(oauthTokens.tenantId, tenantId));
    expect(tokens?.version).toBe(exact.oauth.counters.refreshes + 1);
    expect((await worker.client.workflow.getHandle(tenantSyncWorkflowId(tenantId)).query(syncStatusQuery)).state).toBe('running');
    console.info(`exact shopify journey: ${exact.oauth.counters.refreshes} refreshes, ${exact.oauth.counters.unauthorizedCalls} calls with an expired access token, ${exact.counters.requests} API calls`);
  });
});
