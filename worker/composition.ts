import { Client, Connection } from '@temporalio/client';
import type { LoadedDataConverter, PayloadCodec } from '@temporalio/common';
import type { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { ActivityDeps } from '../activities';
import type { ConnectorFactory, RateLimit } from '../activities/connector-provider';
import { apiPublicUrl, codecKey, masterKeys, oauthApps, oauthClientIds, type Config } from '../config';
import { createLoadedDataConverter } from '../crypto/data-converter';
import { createPayloadCodec } from '../crypto/payload-codec';
import { createVault, type Vault } from '../crypto/vault';
import { createDb, type Db } from '../db/client';
import { createPgVaultStore } from '../db/queries/vault-store';
import { connectorFactory as registryConnectors, rateLimitOf as publishedRateLimits } from '../connectors/registry';
import { backupRuntimeFromConfig } from './backups-from-config';
import { prebuiltWorkflowBundle } from './compiled';
import { createLogger } from './logger';
import { createSmtpMailer } from './mailer';
import { createRetentionHooks, type RetentionHooks } from './retention-client';

/**
 * THE composition root (DESIGN.md: "one composition root builds every process's parts"). worker/main.ts,
 * api/main.ts, `npm start` (dev/platform.ts), the bench and the tests all build their database pool,
 * vault, payload codec, Temporal client, retention hooks, logger and worker here, so what the tests
 * wire is what production runs. Tests may swap only what a test cannot have: the vendors (simulators
 * through `connectorFactory`), the rate limits and where log lines go.
 */

export type RootConfig = Config & { DATABASE_URL: string; TEMPORAL_ADDRESS: string };

export interface RootOverrides {
  logger?: Logger;
  connectorFactory?: ConnectorFactory;
  rateLimitOf?: (vendor: string, override: RateLimit | undefined) => RateLimit | readonly RateLimit[];
  /** Size of the Postgres pool; default 10. */
  dbPoolSize?: number;
  /** Where alerts go (tests: a local SMTP server); default SMTP_URL and the API's public URL. */
  alerts?: ActivityDeps['alerts'];
}

export interface WorkerBuildOptions {
  /** A prebuilt bundle (tests, bench, replay) saves the webpack run at every start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
  maxConcurrentActivityTaskExecutions?: number;
  /** Default: the configured TEMPORAL_TASK_QUEUE. */
  taskQueue?: string;
}

export interface ProcessParts {
  config: RootConfig;
  logger: Logger;
  db: Db;
  vault: Vault;
  /** The payload codec the API's codec endpoint serves (the same one the data converter uses). */
  codec: PayloadCodec;
  dataConverter: LoadedDataConverter;
  temporal: Client;
  retention: RetentionHooks;
  connectorFactory: ConnectorFactory;
  rateLimitOf: (vendor: string, override: RateLimit | undefined) => RateLimit | readonly RateLimit[];
  /** A worker on these parts; its native connection closes with close(). */
  createWorker(options?: WorkerBuildOptions): Promise<Worker>;
  /** Closes what this root opened (worker connections, the client connection, the pool), once. */
  close(): Promise<void>;
}

/** Builds one process's parts from its configuration. Connects to Temporal; the pool connects on first query. */
export async function composeProcess(config: RootConfig, overrides: RootOverrides = {}): Promise<ProcessParts> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const { db, close: closeDb } = createDb(config.DATABASE_URL, { max: overrides.dbPoolSize ?? 10 });
  const vault = createVault({ store: createPgVaultStore(db), masterKeys: masterKeys(config) });
  const dataConverter = createLoadedDataConverter(codecKey(config));
  const codec = createPayloadCodec({ masterKey: codecKey(config) });
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
  const retention = createRetentionHooks(temporal, { taskQueue: config.TEMPORAL_TASK_QUEUE });
  const connectorFactory = overrides.connectorFactory ?? registryConnectors;
  const rateLimitOf = overrides.rateLimitOf ?? publishedRateLimits;
  const nativeConnections: NativeConnection[] = [];
  // The backup store and keys (DOORZET_BACKUP_KEY, BACKUP_S3_*); undefined when backups are not configured.
  const backups = backupRuntimeFromConfig(config);
  let closing: Promise<void> | null = null;

  return {
    config, logger, db, vault, codec, dataConverter, temporal, retention, connectorFactory, rateLimitOf,
    async createWorker(options = {}) {
      // Loaded on demand: the API process never needs the worker SDK's native bridge.
      const [{ NativeConnection }, { createDoorzetWorker }] = await Promise.all([import('@temporalio/worker'), import('./create-worker')]);
      const native = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
      nativeConnections.push(native);
      // Compiled (npm run build): the workflow bundle built with this code; from source: bundled at start.
      const workflowBundle = options.workflowBundle ?? prebuiltWorkflowBundle();
      return createDoorzetWorker({
        connection: native,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: options.taskQueue ?? config.TEMPORAL_TASK_QUEUE,
        codecKey: codecKey(config),
        db, vault, connectorFactory, rateLimitOf, backups,
        // The platform's OAuth app registrations (OAUTH_CLIENTS) for oauth2 targets' token keeper.
        oauth: oauthApps(config),
        alerts: overrides.alerts ?? { mailer: createSmtpMailer(config.SMTP_URL, config.ALERT_FROM), dashboardUrl: apiPublicUrl(config) },
        ...(workflowBundle ? { workflowBundle } : {}),
        ...(options.identity ? { identity: options.identity } : {}),
        maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? config.WORKER_MAX_ACTIVITIES,
        maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
        reuseV8Context: config.WORKER_REUSE_V8_CONTEXT,
      });
    },
    close() {
      closing ??= (async () => {
        for (const native of nativeConnections) await native.close().catch(() => undefined);
        backups?.store.close();
        await connection.close().catch(() => undefined);
        await closeDb();
      })();
      return closing;
    },
  };
}

/** The API's dependencies from the same parts (api/server.ts, the API test harness). */
export function apiDepsOf(parts: ProcessParts) {
  const { config } = parts;
  return {
    db: parts.db,
    temporal: parts.temporal,
    codec: parts.codec,
    vault: parts.vault,
    logger: parts.logger,
    retention: parts.retention,
    config: {
      uiOrigins: config.UI_ORIGINS,
      temporalUiUrl: config.TEMPORAL_UI_URL,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      sessionTtlHours: config.SESSION_TTL_HOURS,
      publicUrl: apiPublicUrl(config),
      syncPollIntervalSeconds: config.SYNC_POLL_INTERVAL_SECONDS,
      saleConcurrency: config.SALE_CONCURRENCY,
      oauthClientIds: oauthClientIds(config),
    },
  };
}
