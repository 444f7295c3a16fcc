import { ApplicationFailure } from '@temporalio/common';
import type { AccountingTarget, SalesSource } from '../connectors/ports';
import type { RequestBudget } from '../connectors/http';
import type { ConnectionSpec, RateLimit } from '../connectors/vendor';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { getConnection, type ConnectionRow } from '../db/queries/connections';

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
 * vault) and keeps the connector briefly, so a backlog does not decrypt once per call.
 */
export function createConnectorProvider(deps: {
  db: Db; vault: Vault; factory: ConnectorFactory; cacheTtlMs?: number; now?: () => number;
  /** The rate budget every request to a tenant's target is reserved from (activities/request-budget). */
  targetBudget?: (connection: ConnectionRow) => RequestBudget;
}) {
  const ttl = deps.cacheTtlMs ?? 60_000;
  const now = deps.now ?? Date.now;
  const sources = new Map<string, Cached<SalesSource>>();
  const targets = new Map<string, Cached<AccountingTarget>>();

  async function load<T>(
    cache: Map<string, Cached<T>>, tenantId: string, role: 'source' | 'target', actor: string, purpose: string,
    build: (spec: ConnectionSpec, connection: ConnectionRow) => T,
  ): Promise<Cached<T>> {
    const hit = cache.get(tenantId);
    if (hit && hit.expiresAt > now()) return hit;
    const connection = await getConnection(deps.db, tenantId, role);
    if (!connection?.sealedCredentials) {
      throw ApplicationFailure.create({ type: 'CREDENTIALS_MISSING', nonRetryable: true, message: `The tenant has no ${role} connection with credentials.` });
    }
    const credentials = await deps.vault.open(tenantId, connection.id, connection.sealedCredentials, { actor, purpose });
    const entry = { connector: build({ vendor: connection.vendor, baseUrl: connection.baseUrl, credentials, timeoutMs: connection.settings.timeoutMs }, connection), connection, expiresAt: now() + ttl };
    cache.set(tenantId, entry);
    return entry;
  }

  return {
    source: (tenantId: string, actor: string, purpose: string) =>
      load(sources, tenantId, 'source', actor, purpose, (spec) => deps.factory.salesSource(spec)),
    target: (tenantId: string, actor: string, purpose: string) =>
      load(targets, tenantId, 'target', actor, purpose, (spec, connection) =>
        deps.factory.accountingTarget(deps.targetBudget ? { ...spec, budget: deps.targetBudget(connection) } : spec)),
    /** Drop cached connectors, e.g. after credentials were replaced or rejected. */
    forget(tenantId: string) {
      sources.delete(tenantId);
      targets.delete(tenantId);
    },
  };
}

export type ConnectorProvider = ReturnType<typeof createConnectorProvider>;
