import { fileURLToPath } from 'node:url';
import { Client } from '@temporalio/client';
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { createRedactionDayStarter } from '../activities/redaction-day-starter';
import { createTokenKeeperClient } from '../activities/token-keeper-client';
import { createDataConverter, createLoadedDataConverter } from '../crypto/data-converter';

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
}

/** The composition root of the worker: dependencies → activities → Worker. */
export async function createDoorzetWorker(deps: WorkerDeps): Promise<Worker> {
  const client = new Client({ connection: deps.connection, namespace: deps.namespace, dataConverter: createLoadedDataConverter(deps.codecKey) });
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath }),
    activities: createActivities({
      ...deps,
      // Activities reach a tenant's token keeper and start redaction timers over the worker's own connection.
      tokenKeeper: deps.tokenKeeper ?? createTokenKeeperClient(client, deps.taskQueue),
      startRedactionDay: deps.startRedactionDay ?? createRedactionDayStarter(client, deps.taskQueue),
    }),
    dataConverter: createDataConverter(deps.codecKey),
    ...(deps.identity ? { identity: deps.identity } : {}),
    // The workflow cache lives in V8 isolates; an explicit cap keeps a large backlog from exhausting memory.
    maxCachedWorkflows: 500,
    maxConcurrentActivityTaskExecutions: deps.maxConcurrentActivityTaskExecutions ?? 100,
    // In-flight activities get this long to finish on SIGTERM before they are cancelled (the SDK default is 0).
    shutdownGraceTime: '10 seconds',
  });
}
