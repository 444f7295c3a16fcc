import { randomUUID } from 'node:crypto';
import type { MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import type { WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../db/client';
import { upsertConnection } from '../../db/queries/connections';
import { tenants } from '../../db/schema';

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
