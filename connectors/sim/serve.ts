import { serve } from '@hono/node-server';
import type { HttpBindings } from '@hono/node-server';
import type { Hono } from 'hono';

export type SimEnv = { Bindings: HttpBindings };

export interface RunningServer {
  /** e.g. `http://127.0.0.1:43121` */
  url: string;
  stop: () => Promise<void>;
}

/** Serves a Hono app on 127.0.0.1 at `port` (default a random free one); stop() also cuts open keep-alive sockets. */
export function serveOnLoopback<E extends SimEnv>(app: Hono<E>, port = 0): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, (info) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        stop: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}

/** A delay that never keeps the process alive on its own (simulated latency, stalled responses). */
export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
