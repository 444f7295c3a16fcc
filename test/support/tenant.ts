import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import type { WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../db/client';
import { upsertConnection } from '../../db/queries/connections';
import { saveTenantSettings } from '../../db/queries/tenant-settings';
import { tenants } from '../../db/schema';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { syncStatusQuery } from '../../workflows/definitions';

export interface SimulatedTenant {
  tenantId: string;
  sourceConnectionId: string;
  targetConnectionId: string;
  webhookSecret: string;
}

/** A source connection of any vendor: its registry key, base URL and credentials (given the webhook secret). */
export interface SourceConnection {
  vendor: string;
  baseUrl: string;
  credentials: (webhookSecret: string) => Record<string, unknown>;
}

/** A tenant whose source is a WooCommerce simulator and whose target is a Moneybird simulator. */
export async function createSimulatedTenant(db: Db, vault: Vault, sims: {
  woo: WooSimulator; moneybird: MoneybirdSimulator; rateLimit?: { limit: number; windowMs: number }; targetTimeoutMs?: number;
  syncFrom?: string | null;
}): Promise<SimulatedTenant> {
  return createTenantWithSource(db, vault, {
    ...sims,
    source: {
      vendor: 'woocommerce', baseUrl: sims.woo.url,
      credentials: (webhookSecret) => ({ consumerKey: sims.woo.consumerKey, consumerSecret: sims.woo.consumerSecret, webhookSecret }),
    },
  });
}

/** A tenant between any source (a simulator of its vendor) and a Moneybird simulator. */
export async function createTenantWithSource(db: Db, vault: Vault, sims: {
  source: SourceConnection; moneybird: MoneybirdSimulator; rateLimit?: { limit: number; windowMs: number }; targetTimeoutMs?: number; webhookSecret?: string;
  /**
   * The tenant's `syncFrom` setting. Default '2000-01-01': the simulated shop's orders (often made before the
   * tenant, e.g. `initialOrders`) are the test's subject, so the test tenant asks for that history. `null`
   * keeps the product's default: the sync starts when the shop is connected.
   */
  syncFrom?: string | null;
}): Promise<SimulatedTenant> {
  const [tenant] = await db.insert(tenants).values({ name: `Testwinkel ${randomUUID().slice(0, 6)}` }).returning();
  if (!tenant) throw new Error('no tenant');
  const webhookSecret = sims.webhookSecret ?? `whsec-${randomUUID()}`;
  const sourceId = randomUUID();
  const targetId = randomUUID();
  await upsertConnection(db, {
    id: sourceId, tenantId: tenant.id, role: 'source', vendor: sims.source.vendor, baseUrl: sims.source.baseUrl,
    sealedCredentials: await vault.seal(tenant.id, sourceId, sims.source.credentials(webhookSecret)),
  });
  await upsertConnection(db, {
    id: targetId, tenantId: tenant.id, role: 'target', vendor: 'moneybird', baseUrl: sims.moneybird.url,
    settings: { ...(sims.rateLimit ? { rateLimit: sims.rateLimit } : {}), ...(sims.targetTimeoutMs ? { timeoutMs: sims.targetTimeoutMs } : {}) },
    sealedCredentials: await vault.seal(tenant.id, targetId, {
      apiToken: sims.moneybird.token, administrationId: sims.moneybird.administrationId,
    }),
  });
  const syncFrom = sims.syncFrom === undefined ? '2000-01-01' : sims.syncFrom;
  if (syncFrom !== null) await saveTenantSettings(db, tenant.id, { syncFrom });
  return { tenantId: tenant.id, sourceConnectionId: sourceId, targetConnectionId: targetId, webhookSecret };
}

/** Polls `check` until it returns true or the time is up; the last failure message explains a timeout. */
export async function eventually(check: () => Promise<boolean> | boolean, options: { timeoutMs?: number; what?: string } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'condition'}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits for the wall clock to reach the next second: the simulated shops stamp changes to the second. */
export async function nextSecond(): Promise<void> {
  const second = Math.floor(Date.now() / 1000);
  await eventually(() => Math.floor(Date.now() / 1000) > second, { what: 'the next second' });
}

/** Waits until the tenant sync has polled the shop `count` more times (each poll sees every change again). */
export async function morePolls(client: Client, tenantId: string, count = 2): Promise<void> {
  const sync = client.workflow.getHandle(tenantSyncWorkflowId(tenantId));
  for (let i = 0; i < count; i++) {
    const polled = (await sync.query(syncStatusQuery)).lastPollAt ?? '';
    await eventually(async () => ((await sync.query(syncStatusQuery)).lastPollAt ?? '') > polled, { what: 'another poll' });
  }
}
