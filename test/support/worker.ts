import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, DefaultLogger, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { inject } from 'vitest';
import type { ConnectorFactory, RateLimit } from '../../activities/connector-provider';
import type { OAuthApps } from '../../activities/token-keeper-activities';
import { createDataConverter, createLoadedDataConverter } from '../../crypto/data-converter';
import { createVault, type Vault } from '../../crypto/vault';
import type { Db } from '../../db/client';
import { createPgVaultStore } from '../../db/queries/vault-store';
import { createDoorzetWorker, workflowsPath } from '../../worker/create-worker';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
let runtimeInstalled = false;

/** Webpack runs once per test file; every worker of the file shares the bundle. */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, failureConverterPath: createDataConverter(new Uint8Array(32)).failureConverterPath, logger: new DefaultLogger('WARN') });
  return bundle;
}

export const testCodecKey = new Uint8Array(32).fill(9);
export const testMasterKey = { id: 'mk-test', key: new Uint8Array(32).fill(5) };

export interface TestWorker {
  client: Client;
  vault: Vault;
  taskQueue: string;
  stop(): Promise<void>;
}

/** A real worker on the shared dev server, on a task queue of its own. */
export async function startTestWorker(options: {
  db: Db;
  connectorFactory: ConnectorFactory;
  rateLimitOf?: (vendor: string, override: RateLimit | undefined) => RateLimit | readonly RateLimit[];
  taskQueue?: string;
  /** OAuth app registrations (simulators' client ids) for oauth2 targets. */
  oauth?: OAuthApps;
}): Promise<TestWorker> {
  if (!runtimeInstalled) {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    runtimeInstalled = true;
  }
  const address = inject('temporalAddress');
  const taskQueue = options.taskQueue ?? `test-${randomBytes(4).toString('hex')}`;
  const vault = createVault({ store: createPgVaultStore(options.db), masterKeys: { current: testMasterKey } });
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await createDoorzetWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    codecKey: testCodecKey,
    workflowBundle: await workflowBundle(),
    db: options.db,
    vault,
    connectorFactory: options.connectorFactory,
    rateLimitOf: options.rateLimitOf ?? ((_vendor, override) => override ?? { limit: 1_000_000, windowMs: 1_000 }),
    oauth: options.oauth ?? null,
  });
  const running = worker.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: 'default', dataConverter: createLoadedDataConverter(testCodecKey) });
  return {
    client,
    vault,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}
