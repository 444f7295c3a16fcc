import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { codecKey, masterKeys, type Config } from '../config';
import { startApi } from '../api/server';
import { createLoadedDataConverter } from '../crypto/data-converter';
import { createVault } from '../crypto/vault';
import { createDb } from '../db/client';
import { runMigrations } from '../db/migrate';
import { createPgVaultStore } from '../db/queries/vault-store';
import { ensureOpsUser } from '../db/queries/users';
import { createWorkerFromConfig, prepareTemporal, rewrapIfRotating } from '../worker/from-config';
import { createRetentionHooks } from '../worker/retention-client';
import { startDemo } from './demo';

export interface RunningPlatform {
  apiUrl: string;
  opsAccountKey: string;
  demoTenantId: string | null;
  /** Every demo tenant with what it simulates. */
  demoTenants: { tenantId: string; label: string }[];
  stop(): Promise<void>;
}

/** Migrations, worker, API and the demo tenant, in one process, against the given services. */
export async function startPlatform(
  config: Config & { DATABASE_URL: string; TEMPORAL_ADDRESS: string },
  options: { ops: { email: string; password: string } },
): Promise<RunningPlatform> {
  const logger = pino({ level: config.LOG_LEVEL });
  await runMigrations(config.DATABASE_URL);
  const { db, close: closeDb } = createDb(config.DATABASE_URL);
  const vault = createVault({ store: createPgVaultStore(db), masterKeys: masterKeys(config) });

  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createLoadedDataConverter(codecKey(config)) });
  await prepareTemporal(client, config);
  const rewrapped = await rewrapIfRotating(vault, config);
  if (rewrapped > 0) logger.info({ rewrapped }, 'tenant data keys re-wrapped under the current master key');
  const { worker, close: closeWorker } = await createWorkerFromConfig(config, { db, vault });
  const workerRun = worker.run();
  workerRun.catch((error: unknown) => logger.error({ err: error }, 'worker stopped with an error'));

  const api = await startApi(config, { db, temporal: client, vault, logger, retention: createRetentionHooks(client, { taskQueue: config.TEMPORAL_TASK_QUEUE }) });
  const ops = await ensureOpsUser(db, options.ops);
  const demo = config.DEMO ? await startDemo({ db, vault, client, config, apiUrl: api.url, logger }) : null;

  return {
    apiUrl: api.url,
    opsAccountKey: ops.accountKey,
    demoTenantId: demo?.tenantId ?? null,
    demoTenants: demo?.tenants ?? [],
    async stop() {
      await demo?.stop();
      // The worker first: in-flight activities finish (grace time) before anything they use goes away.
      if (worker.getState() === 'RUNNING') worker.shutdown(); // the SDK's own signal handler may have begun it
      await workerRun.catch(() => undefined);
      await api.stop();
      await connection.close();
      await closeWorker();
      await closeDb();
    },
  };
}
