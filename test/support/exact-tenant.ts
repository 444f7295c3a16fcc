import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { OAuthApps } from '../../activities/token-keeper-activities';
import type { ExactSimulator } from '../../connectors/targets/exact-online/simulator';
import type { WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../db/client';
import type { ConnectionSettings } from '../../db/schema';
import { upsertConnection } from '../../db/queries/connections';
import { saveTenantSettings } from '../../db/queries/tenant-settings';
import { tenants } from '../../db/schema';
import { oauthConnectWorkflowId, tokenKeeperWorkflowId } from '../../domain/workflow-ids';
import { oauthConnectWorkflow, type OAuthConnectResult } from '../../workflows/oauth-connect.workflow';
import { tokensReplacedSignal } from '../../workflows/token-keeper-definitions';
import { tokenKeeperWorkflow } from '../../workflows/token-keeper.workflow';

/** The app registration every Exact simulator of the tests accepts, and the worker's matching settings. */
export const EXACT_TEST_APP = { clientId: 'doorzet-test-client', clientSecret: 'doorzet-test-secret' };
export const TEST_REDIRECT_URI = 'http://127.0.0.1:3000/oauth/callback';
export const testOAuthApps: OAuthApps = { clients: { 'exact-online': EXACT_TEST_APP }, redirectUri: TEST_REDIRECT_URI };

/** A source connection of any vendor: its registry key, base URL and (sealed) credentials. */
export interface ExactTenantSource {
  vendor: string;
  baseUrl: string;
  credentials: Record<string, unknown>;
}

export const wooSource = (woo: WooSimulator): ExactTenantSource => ({
  vendor: 'woocommerce', baseUrl: woo.url, credentials: { consumerKey: woo.consumerKey, consumerSecret: woo.consumerSecret, webhookSecret: `whsec-${randomUUID()}` },
});

/**
 * A tenant whose source is a shop simulator (WooCommerce unless named) and whose target is an Exact simulator, not connected yet.
 * `syncFrom` (default '2000-01-01'): the simulated orders are made before the tenant exists, and a first sync books no history.
 */
export async function createExactTenant(db: Db, vault: Vault, sims: { woo?: WooSimulator; source?: ExactTenantSource; exact: ExactSimulator; targetSettings?: ConnectionSettings; syncFrom?: string | null }) {
  const [tenant] = await db.insert(tenants).values({ name: `Exactwinkel ${randomUUID().slice(0, 6)}` }).returning();
  if (!tenant) throw new Error('no tenant');
  const source = sims.source ?? (sims.woo ? wooSource(sims.woo) : null);
  if (!source) throw new Error('a tenant needs a source simulator');
  const sourceId = randomUUID();
  const targetId = randomUUID();
  await upsertConnection(db, {
    id: sourceId, tenantId: tenant.id, role: 'source', vendor: source.vendor, baseUrl: source.baseUrl,
    sealedCredentials: await vault.seal(tenant.id, sourceId, source.credentials),
  });
  // The connection exists before the merchant connects (PUT with nothing to type in), with test settings.
  await upsertConnection(db, {
    id: targetId, tenantId: tenant.id, role: 'target', vendor: 'exact-online', baseUrl: sims.exact.url, settings: sims.targetSettings ?? {},
    sealedCredentials: await vault.seal(tenant.id, targetId, {}),
  });
  const syncFrom = sims.syncFrom === undefined ? '2000-01-01' : sims.syncFrom;
  if (syncFrom !== null) await saveTenantSettings(db, tenant.id, { syncFrom });
  return { tenantId: tenant.id, targetConnectionId: targetId };
}

/** What the OAuth callback does, minus the browser: the merchant consents, the connect workflow exchanges the code. */
export async function connectExact(client: Client, taskQueue: string, tenantId: string, exact: ExactSimulator, workflowId = oauthConnectWorkflowId(tenantId, randomUUID())): Promise<OAuthConnectResult> {
  return client.workflow.execute(oauthConnectWorkflow, {
    workflowId,
    taskQueue,
    args: [{ tenantId, vendor: 'exact-online', baseUrl: exact.url, code: exact.authorizationCode(TEST_REDIRECT_URI) }],
  });
}

/** What the API does after a connect: the keeper reads the new grant (and starts if it was not running). */
export async function signalTokensReplaced(client: Client, taskQueue: string, tenantId: string, maxHistoryEvents?: number): Promise<void> {
  await client.workflow.signalWithStart(tokenKeeperWorkflow, {
    workflowId: tokenKeeperWorkflowId(tenantId), taskQueue, args: [{ tenantId, ...(maxHistoryEvents ? { maxHistoryEvents } : {}) }], signal: tokensReplacedSignal,
  });
}
