import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTES } from '../domain/workflow-ids';

export interface RunningTemporal {
  address: string;
  uiUrl: string | null;
  stop(): Promise<void>;
}

interface Options {
  cliPath: string;
  port: number;
  /** null = headless */
  uiPort: number | null;
  namespace: string;
  /** null = in memory */
  dbFile: string | null;
  codecEndpoint?: string;
  onLog?: (line: string) => void;
  readyTimeoutMs?: number;
}

/** Runs `temporal server start-dev` with doorzet's search attributes and waits until it answers. */
export async function startTemporalDevServer(options: Options): Promise<RunningTemporal> {
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--namespace', options.namespace,
    '--log-level', 'warn',
    ...Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]),
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.uiPort && options.codecEndpoint ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
    // Many sale workflows start at once in a backlog; the dev server's default limits are for demos.
    '--dynamic-config-value', 'frontend.rps=10000',
    '--dynamic-config-value', 'frontend.namespaceRPS=10000',
    '--dynamic-config-value', 'history.rps=10000',
    // An activity scheduled by a workflow task goes straight back to the worker that completed it (the SDK
    // asks for it by default when it has a free slot): no matching round trip. A self-hosted server needs this setting too.
    '--dynamic-config-value', 'system.enableActivityEagerExecution=true',
  ];
  // Its own process group: a terminal's Ctrl-C reaches only us, and we stop the server after the worker.
  const child = spawn(options.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const log = options.onLog ?? (() => undefined);
  child.stdout?.on('data', (d: Buffer) => log(d.toString()));
  child.stderr?.on('data', (d: Buffer) => log(d.toString()));
  const address = `127.0.0.1:${options.port}`;
  await waitUntilReady(child, address, options.readyTimeoutMs ?? 60_000);
  return {
    address,
    uiUrl: options.uiPort ? `http://localhost:${options.uiPort}` : null,
    stop: () => stopChild(child),
  };
}

async function waitUntilReady(child: ChildProcess, address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`temporal server start-dev exited before it was ready (exit code ${child.exitCode})`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Temporal dev server did not answer on ${address} within ${timeoutMs} ms`, { cause: error });
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
