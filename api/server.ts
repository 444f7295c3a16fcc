import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { apiPublicUrl, codecKey, masterKeys, oauthClientIds, type Config } from '../config';
import { createLoadedDataConverter } from '../crypto/data-converter';
import { createPayloadCodec } from '../crypto/payload-codec';
import { createVault } from '../crypto/vault';
import { createDb } from '../db/client';
import { createPgVaultStore } from '../db/queries/vault-store';
import { createApp } from './app';
import type { ApiConfig, ApiDeps } from './deps';

export interface RunningApi {
  url: string;
  stop(): Promise<void>;
}

export function apiConfig(config: Config): ApiConfig {
  return {
    uiOrigins: config.UI_ORIGINS,
    temporalUiUrl: config.TEMPORAL_UI_URL,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    sessionTtlHours: config.SESSION_TTL_HOURS,
    publicUrl: apiPublicUrl(config),
    syncPollIntervalSeconds: config.SYNC_POLL_INTERVAL_SECONDS,
    saleConcurrency: config.SALE_CONCURRENCY,
    oauthClientIds: oauthClientIds(config),
  };
}

/**
 * Serves the API on API_HOST:API_PORT. Whatever `deps` does not bring (database, Temporal client,
 * vault, codec, logger) is built from `config` and closed again by stop(); what it brings stays open.
 */
export async function startApi(config: Config, deps: Partial<ApiDeps> = {}): Promise<RunningApi> {
  const closers: (() => Promise<void>)[] = [];
  const logger = deps.logger ?? pino({ level: config.LOG_LEVEL });

  let db = deps.db;
  if (!db) {
    if (!config.DATABASE_URL) throw new Error('startApi: DATABASE_URL is required when no db is given');
    const handle = createDb(config.DATABASE_URL);
    db = handle.db;
    closers.push(() => handle.close());
  }
  let temporal = deps.temporal;
  if (!temporal) {
    if (!config.TEMPORAL_ADDRESS) throw new Error('startApi: TEMPORAL_ADDRESS is required when no Temporal client is given');
    const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
    temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createLoadedDataConverter(codecKey(config)) });
    closers.push(() => connection.close());
  }
  const app = createApp({
    ...deps,
    db,
    temporal,
    logger,
    codec: deps.codec ?? createPayloadCodec({ masterKey: codecKey(config) }),
    vault: deps.vault ?? createVault({ store: createPgVaultStore(db), masterKeys: masterKeys(config) }),
    config: deps.config ?? apiConfig(config),
  });

  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.API_HOST, port: config.API_PORT }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url }, 'API listening');

  let stopping: Promise<void> | null = null;
  return {
    url,
    stop: () => (stopping ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const close of closers.reverse()) await close();
    })()),
  };
}
