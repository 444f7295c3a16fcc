// The worker process on its own (production, docker-compose, the fault drill). Reads configuration once.
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { codecKey, ConfigError, loadConfig, masterKeys } from '../config';
import { createLoadedDataConverter } from '../crypto/data-converter';
import { createVault } from '../crypto/vault';
import { createDb } from '../db/client';
import { createPgVaultStore } from '../db/queries/vault-store';
import { createWorkerFromConfig, prepareTemporal, rewrapIfRotating } from './from-config';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new ConfigError([
      ...(config.DATABASE_URL ? [] : [{ setting: 'DATABASE_URL', message: 'is required for a standalone worker (npm start embeds one)' }]),
      ...(config.TEMPORAL_ADDRESS ? [] : [{ setting: 'TEMPORAL_ADDRESS', message: 'is required for a standalone worker (npm start embeds one)' }]),
    ]);
  }
  const logger = pino({ level: config.LOG_LEVEL });
  const { db, close } = createDb(config.DATABASE_URL);
  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: createLoadedDataConverter(codecKey(config)) });
  await prepareTemporal(client, config);
  const vault = createVault({ store: createPgVaultStore(db), masterKeys: masterKeys(config) });
  const rewrapped = await rewrapIfRotating(vault, config);
  if (rewrapped > 0) logger.info({ rewrapped, masterKeyId: config.DOORZET_MASTER_KEY_ID }, 'tenant data keys re-wrapped under the current master key');
  const { worker, close: closeWorker } = await createWorkerFromConfig({ ...config, TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS }, { db, vault });
  // The SDK installs its own SIGINT/SIGTERM handlers that call worker.shutdown().
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker started');
  await worker.run();
  await Promise.all([connection.close(), closeWorker(), close()]);
  logger.info('worker stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `worker failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
