import { ApplicationFailure } from '@temporalio/common';
import type { RequestBudget } from '../connectors/http';
import type { AccountingTarget, SalesSource } from '../connectors/ports';
import { targetModule } from '../connectors/registry';
import type { ConnectionSpec, RateLimit } from '../connectors/vendor';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { getConnection, type ConnectionRow } from '../db/queries/connections';
import { pauseFor, type TokenAccess } from './oauth-token-access';

export type { ConnectionSpec, RateLimit };

/** How the worker turns a stored connection into a connector (connectors/registry in production). */
export interface ConnectorFactory {
  salesSource(connection: ConnectionSpec): SalesSource;
  accountingTarget(connection: ConnectionSpec): AccountingTarget;
}

interface Cached<T> {
  connector: T;
  connection: ConnectionRow;
  expiresAt: number;
}

/**
 * Opens a tenant's credentials inside the activity that uses them (each decryption is logged by the
 * vault) and keeps the connector briefly, so a backlog does not decrypt once per call. OAuth targets get
 * the access token the tenant's token keeper stored, and are kept no longer than that token is handed out.
 */
export function createConnectorProvider(deps: {
  db: Db; vault: Vault; factory: ConnectorFactory; tokens?: TokenAccess; cacheTtlMs?: number; now?: () => number;
  /** The rate budget every request to a tenant's target is reserved from (activities/request-budget). */
  targetBudget?: (connection: ConnectionRow) => RequestBudget;
}) {
  const ttl = deps.cacheTtlMs ?? 60_000;
  const now = deps.now ?? Date.now;
  const sources = new Map<string, Cached<SalesSource>>();
  const targets = new Map<string, Cached<AccountingTarget>>();
  const connections = new Map<string, { connection: ConnectionRow; expiresAt: number }>();

  async function connectionRow(tenantId: string, role: 'source' | 'target'): Promise<ConnectionRow> {
    const connection = await getConnection(deps.db, tenantId, role);
    if (!connection?.sealedCredentials) {
      throw ApplicationFailure.create({ type: 'CREDENTIALS_MISSING', nonRetryable: true, message: `The tenant has no ${role} connection with credentials.` });
    }
    return connection;
  }

  async function specOf(connection: ConnectionRow, actor: string, purpose: string): Promise<ConnectionSpec> {
    const credentials = await deps.vault.open(connection.tenantId, connection.id, connection.sealedCredentials ?? new Uint8Array(), { actor, purpose });
    return { vendor: connection.vendor, baseUrl: connection.baseUrl, credentials, timeoutMs: connection.settings.timeoutMs };
  }

  /** A target's spec carries the tenant's rate budget (every target, OAuth ones too): its client asks it before each request. */
  async function targetSpecOf(connection: ConnectionRow, actor: string, purpose: string): Promise<ConnectionSpec> {
    const spec = await specOf(connection, actor, purpose);
    return deps.targetBudget ? { ...spec, budget: deps.targetBudget(connection) } : spec;
  }

  async function loadSource(tenantId: string, actor: string, purpose: string): Promise<Cached<SalesSource>> {
    const hit = sources.get(tenantId);
    if (hit && hit.expiresAt > now()) return hit;
    const connection = await connectionRow(tenantId, 'source');
    const entry = { connector: deps.factory.salesSource(await specOf(connection, actor, purpose)), connection, expiresAt: now() + ttl };
    sources.set(tenantId, entry);
    return entry;
  }

  /** An oauth2 target: the keeper's current access token, a 401 guard, cached while the token is handed out. */
  async function oauthTarget(connection: ConnectionRow, actor: string, purpose: string, setup: boolean): Promise<Cached<AccountingTarget> | null> {
    const tenantId = connection.tenantId;
    const module = targetModule(connection.vendor);
    if (module?.auth !== 'oauth2' || !module.oauth) return null;
    if (!deps.tokens) throw ApplicationFailure.create({ type: 'CREDENTIALS_MISSING', nonRetryable: true, message: 'This worker cannot hand out OAuth tokens.' });
    const administration = connection.settings.administration?.id ?? null;
    if (module.oauth.choosesAdministration && administration === null && !setup) throw pauseFor('administration-missing');
    const grant = await deps.tokens.accessToken(connection, module.oauth, { actor, purpose });
    const spec = { ...(await targetSpecOf(connection, actor, purpose)), accessToken: grant.accessToken, administration };
    const connector = deps.tokens.guarded(deps.factory.accountingTarget(spec), connection, grant, () => targets.delete(tenantId));
    return { connector, connection, expiresAt: Math.min(now() + ttl, grant.usableUntil) };
  }

  return {
    source: loadSource,
    /** `setup`: for connecting (test, listing administrations): no administration needed, nothing cached. */
    async target(tenantId: string, actor: string, purpose: string, options: { setup?: boolean } = {}): Promise<Cached<AccountingTarget>> {
      const hit = options.setup ? undefined : targets.get(tenantId);
      if (hit && hit.expiresAt > now()) return hit;
      const connection = await connectionRow(tenantId, 'target');
      const entry = await oauthTarget(connection, actor, purpose, options.setup === true)
        ?? { connector: deps.factory.accountingTarget(await targetSpecOf(connection, actor, purpose)), connection, expiresAt: now() + ttl };
      if (!options.setup) targets.set(tenantId, entry);
      return entry;
    },
    /** The connection row alone (no credentials opened), e.g. for the rate budget; cached like connectors. */
    async connectionOf(tenantId: string, role: 'source' | 'target'): Promise<ConnectionRow> {
      const cached = (role === 'target' ? targets : sources).get(tenantId) ?? connections.get(`${role}:${tenantId}`);
      if (cached && cached.expiresAt > now()) return cached.connection;
      const connection = await connectionRow(tenantId, role);
      connections.set(`${role}:${tenantId}`, { connection, expiresAt: now() + ttl });
      return connection;
    },
    /** Drop cached connectors, e.g. after credentials were replaced or rejected. */
    forget(tenantId: string) {
      sources.delete(tenantId);
      targets.delete(tenantId);
      connections.delete(`source:${tenantId}`);
      connections.delete(`target:${tenantId}`);
    },
  };
}

export type ConnectorProvider = ReturnType<typeof createConnectorProvider>;
