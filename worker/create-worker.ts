import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { createRedactionDayStarter } from '../activities/redaction-day-starter';
import { createTokenKeeperClient } from '../activities/token-keeper-client';
import { createDataConverter, createLoadedDataConverter } from '../crypto/data-converter';
import { bundleInChildProcess } from './bundle-in-child';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export interface WorkerDeps extends ActivityDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  codecKey: Uint8Array;
  /** A prebuilt bundle (tests, bench) saves the webpack run at every start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  identity?: string;
  maxConcurrentActivityTaskExecutions?: number;
  /** Workflows kept in memory between their steps (WORKER_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows?: number;
  /** WORKER_REUSE_V8_CONTEXT. */
  reuseV8Context?: boolean;
}

/** The composition root of the worker: dependencies → activities → Worker. */
export async function createDoorzetWorker(deps: WorkerDeps): Promise<Worker> {
  const client = new Client({ connection: deps.connection, namespace: deps.namespace, dataConverter: createLoadedDataConverter(deps.codecKey) });
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    // Without a prebuilt bundle, webpack runs in a child process: its memory never counts against the worker.
    workflowBundle: deps.workflowBundle ?? await bundleInChildProcess(workflowsPath),
    activities: createActivities({
      ...deps,
      // Activities reach a tenant's token keeper and start redaction timers over the worker's own connection.
      tokenKeeper: deps.tokenKeeper ?? createTokenKeeperClient(client, deps.taskQueue),
      startRedactionDay: deps.startRedactionDay ?? createRedactionDayStarter(client, deps.taskQueue),
    }),
    dataConverter: createDataConverter(deps.codecKey),
    ...(deps.identity ? { identity: deps.identity } : {}),
    // The workflow cache is most of the worker's memory; an explicit cap keeps a large backlog from exhausting it.
    // It should hold the workflows open at once (tenants × SALE_CONCURRENCY + tenants), or steps replay.
    maxCachedWorkflows: deps.maxCachedWorkflows ?? 250,
    reuseV8Context: deps.reuseV8Context ?? true,
    maxConcurrentActivityTaskExecutions: deps.maxConcurrentActivityTaskExecutions ?? 50,
    // In-flight activities get this long to finish on SIGTERM before they are cancelled (the SDK default is 0).
    shutdownGraceTime: '10 seconds',
  });
}
