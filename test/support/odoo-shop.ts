import { randomUUID } from 'node:crypto';
import { startShopifySimulator, type ShopifySimulator, type ShopifySimulatorOptions } from '../../connectors/sources/shopify/simulator';
import { startWooSimulator, type WooSimulator, type WooSimulatorOptions } from '../../connectors/sources/woocommerce/simulator';
import { createDocCheck, type DocCheck } from '../../connectors/targets/odoo/doc-check';
import { startOdooSimulator, type OdooSimulator, type OdooSimulatorOptions } from '../../connectors/targets/odoo/simulator';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../db/client';
import { saveTenantSettings } from '../../db/queries/tenant-settings';
import { upsertConnection } from '../../db/queries/connections';
import { tenants } from '../../db/schema';

interface OdooSide {
  odoo: OdooSimulator;
  /** Every exchange between the worker and the Odoo simulator, checked against Odoo's documentation. */
  docs: DocCheck;
  tenantId: string;
  targetConnectionId: string;
}

export interface OdooShop extends OdooSide {
  woo: WooSimulator;
  stop(): Promise<void>;
}

export interface ShopifyOdooShop extends OdooSide {
  shopify: ShopifySimulator;
  stop(): Promise<void>;
}

interface OdooOptions { protocol: 'json2' | 'xmlrpc'; odoo?: OdooSimulatorOptions; targetTimeoutMs?: number }

/** A tenant with an Odoo target (JSON-2 on 19, XML-RPC on 17 unless the options name a version) and the given source. */
async function openTenant(db: Db, vault: Vault, options: OdooOptions, source: { vendor: string; baseUrl: string; credentials: Record<string, unknown> }): Promise<OdooSide> {
  const docs = createDocCheck();
  const odoo = await startOdooSimulator({ version: options.protocol === 'json2' ? 19 : 17, ...options.odoo, onExchange: docs.onExchange });
  const [tenant] = await db.insert(tenants).values({ name: `Odoo-winkel ${randomUUID().slice(0, 6)}` }).returning();
  if (!tenant) throw new Error('no tenant');
  const sourceId = randomUUID();
  const targetId = randomUUID();
  await upsertConnection(db, {
    id: sourceId, tenantId: tenant.id, role: 'source', vendor: source.vendor, baseUrl: source.baseUrl,
    sealedCredentials: await vault.seal(tenant.id, sourceId, source.credentials),
  });
  const credentials = options.protocol === 'json2'
    ? { protocol: 'json2', apiKey: odoo.apiKey }
    : { protocol: 'xmlrpc', apiKey: odoo.apiKey, database: odoo.database, login: odoo.login };
  await upsertConnection(db, {
    id: targetId, tenantId: tenant.id, role: 'target', vendor: 'odoo', baseUrl: odoo.url,
    settings: options.targetTimeoutMs ? { timeoutMs: options.targetTimeoutMs } : {},
    sealedCredentials: await vault.seal(tenant.id, targetId, credentials),
  });
  // The simulated shop's orders are often dated before this tenant was connected: they are not history here.
  await saveTenantSettings(db, tenant.id, { syncFrom: '2000-01-01' });
  return { odoo, docs, tenantId: tenant.id, targetConnectionId: targetId };
}

/** A tenant whose WooCommerce shop books into an Odoo database over JSON-2 (19) or XML-RPC (17, 18). */
export async function openOdooShop(db: Db, vault: Vault, options: OdooOptions & { woo?: WooSimulatorOptions }): Promise<OdooShop> {
  const woo = await startWooSimulator(options.woo ?? {});
  const side = await openTenant(db, vault, options, {
    vendor: 'woocommerce', baseUrl: woo.url,
    credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret: `whsec-${randomUUID()}` },
  });
  return {
    ...side, woo,
    async stop() {
      await woo.stop();
      await side.odoo.stop();
    },
  };
}

/** A tenant whose Shopify shop (web orders and its till) books into an Odoo database. */
export async function openShopifyOdooShop(db: Db, vault: Vault, options: OdooOptions & { shopify?: ShopifySimulatorOptions }): Promise<ShopifyOdooShop> {
  const shopify = await startShopifySimulator(options.shopify ?? {});
  const side = await openTenant(db, vault, options, {
    vendor: 'shopify', baseUrl: shopify.url, credentials: { accessToken: shopify.accessToken, clientSecret: shopify.clientSecret },
  });
  return {
    ...side, shopify,
    async stop() {
      await shopify.stop();
      await side.odoo.stop();
    },
  };
}
