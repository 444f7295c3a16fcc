import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import pino from 'pino';
import type { Config } from '../config';
import { createAccessBuffer } from './access-buffer';
import { createApp } from './app';
import type { ApiDeps } from './deps';

export interface RunningApi {
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves the API on API_HOST:API_PORT with the parts the composition root built (worker/composition.ts:
 * apiDepsOf). stop() closes the server only; whoever built the parts closes them.
 */
export async function startApi(config: Config, deps: ApiDeps): Promise<RunningApi> {
  // Access analytics in batches, flushed at stop(): not a Postgres round trip on every request's path.
  const access = deps.accessRecorder ? null : createAccessBuffer(deps.db, deps.logger ?? pino({ level: 'warn' }));
  const app = createApp(access ? { ...deps, accessRecorder: access } : deps);
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.API_HOST, port: config.API_PORT }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.API_HOST === '0.0.0.0' ? '127.0.0.1' : config.API_HOST;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  deps.logger?.info({ url }, 'API listening');

  let stopping: Promise<void> | null = null;
  return {
    url,
    stop: () => (stopping ??= new Promise<void>((resolve) => server.close(() => resolve())).then(() => access?.flush())),
  };
}
