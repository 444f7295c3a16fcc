import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import type { BackupRuntime } from '../../activities/backups/backup-runner';
import type { ConnectorFactory } from '../../activities/connector-provider';
import { createLoadedDataConverter } from '../../crypto/data-converter';
import { createVault, type Vault } from '../../crypto/vault';
import { createPgVaultStore } from '../../db/queries/vault-store';
import { createDoorzetWorker } from '../../worker/create-worker';
import { testBackupRuntime } from '../support/backups';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { testCodecKey, testMasterKey, workflowBundle } from '../support/worker';

export const DAY_MS = 86_400_000;

/** Retention workflows never reach a vendor; a call here is a bug. */
const noConnectors: ConnectorFactory = {
  salesSource: () => { throw new Error('retention tests use no sales source'); },
  accountingTarget: () => { throw new Error('retention tests use no accounting target'); },
};

export interface TimeSkippingHarness {
  env: TestWorkflowEnvironment;
  /** A plain client: awaiting a result does not unlock time skipping (the env's client jumps years ahead afterwards). */
  client: Client;
  database: TestDatabase;
  vault: Vault;
  /** A bucket of this harness's own on the local S3 server. */
  backups: BackupRuntime;
  taskQueue: string;
  /** Server time, which `env.sleep` moves forward. */
  now(): Promise<Date>;
  /** Skips server time until `moment` (no-op if it has passed). */
  skipTo(moment: Date): Promise<void>;
  teardown(): Promise<void>;
}

function installQuietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process (another test file): keep it.
  }
}

/** The time-skipping test server, a fresh database and the real worker (codec, real activities). */
export async function startTimeSkippingHarness(options: { connectorFactory?: ConnectorFactory } = {}): Promise<TimeSkippingHarness> {
  installQuietRuntime();
  const database = await createTestDatabase();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: inject('temporalTestServerPath') } },
    client: { dataConverter: createLoadedDataConverter(testCodecKey) },
  });
  const vault = createVault({ store: createPgVaultStore(database.db), masterKeys: { current: testMasterKey } });
  const taskQueue = `retention-${randomBytes(4).toString('hex')}`;
  const backups = testBackupRuntime();
  const worker: Worker = await createDoorzetWorker({
    connection: env.nativeConnection, namespace: 'default', taskQueue, codecKey: testCodecKey,
    workflowBundle: await workflowBundle(), db: database.db, vault, connectorFactory: options.connectorFactory ?? noConnectors,
    rateLimitOf: (_vendor, override) => override ?? { limit: 1_000, windowMs: 1_000 }, backups,
  });
  const running = worker.run();
  const now = async () => new Date(await env.currentTimeMs());
  return {
    env, database, vault, backups, taskQueue, now,
    client: new Client({ connection: env.connection, namespace: 'default', dataConverter: createLoadedDataConverter(testCodecKey) }),
    async skipTo(moment) {
      const ms = moment.getTime() - (await env.currentTimeMs());
      if (ms > 0) await env.sleep(ms);
    },
    async teardown() {
      worker.shutdown();
      await running;
      await env.teardown();
      backups.store.close();
      await database.drop();
    },
  };
}
