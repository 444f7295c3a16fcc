import { randomUUID } from 'node:crypto';
import { startWooSimulator, type WooSimulator, type WooSimulatorOptions } from '../../connectors/sources/woocommerce/simulator';
import { createDocCheck, type DocCheck } from '../../connectors/targets/odoo/doc-check';
import { startOdooSimulator, type OdooSimulator, type OdooSimulatorOptions } from '../../connectors/targets/odoo/simulator';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../db/client';
import { upsertConnection } from '../../db/queries/connections';
import { tenants } from '../../db/schema';

export interface OdooShop {
  woo: WooSimulator;
  odoo: OdooSimulator;
  /** Every exchange between the worker and the Odoo simulator, checked against Odoo's documentation. */
  docs: DocCheck;
  tenantId: string;
  targetConnectionId: string;
  stop(): Promise<void>;
}

/** A tenant whose WooCommerce shop books into an Odoo database over JSON-2 (19) or XML-RPC (17, 18). */
export async function openOdooShop(db: Db, vault: Vault, options: {
  protocol: 'json2' | 'xmlrpc'; odoo?: OdooSimulatorOptions; woo?: WooSimulatorOptions; targetTimeoutMs?: number;
}): Promise<OdooShop> {
  const docs = createDocCheck();
  const odoo = await startOdooSimulator({ version: options.protocol === 'json2' ? 19 : 17, ...options.odoo, onExchange: docs.onExchange });
  const woo = await startWooSimulator(options.woo ?? {});
  const [tenant] = await db.insert(tenants).values({ name: `Odoo-winkel ${randomUUID().slice(0, 6)}` }).returning();
  if (!tenant) throw new Error('no tenant');
  const sourceId = randomUUID();
  const targetId = randomUUID();
  await upsertConnection(db, {
    id: sourceId, tenantId: tenant.id, role: 'source', vendor: 'woocommerce', baseUrl: woo.url,
    sealedCredentials: await vault.seal(tenant.id, sourceId, { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret: `whsec-${randomUUID()}` }),
  });
  const credentials = options.protocol === 'json2'
    ? { protocol: 'json2', apiKey: odoo.apiKey }
    : { protocol: 'xmlrpc', apiKey: odoo.apiKey, database: odoo.database, login: odoo.login };
  await upsertConnection(db, {
    id: targetId, tenantId: tenant.id, role: 'target', vendor: 'odoo', baseUrl: odoo.url,
    settings: options.targetTimeoutMs ? { timeoutMs: options.targetTimeoutMs } : {},
    sealedCredentials: await vault.seal(tenant.id, targetId, credentials),
  });
  return {
    woo, odoo, docs, tenantId: tenant.id, targetConnectionId: targetId,
    async stop() {
      await woo.stop();
      await odoo.stop();
    },
  };
}
