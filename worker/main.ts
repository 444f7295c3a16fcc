// The worker process on its own (production, docker-compose, the fault drill). Reads configuration once.
import { ConfigError, loadConfig } from '../config';
import { safeError } from '../domain/safe-error';
import { composeProcess } from './composition';
import { prepareTemporal, rewrapIfRotating } from './from-config';
import { installSdkLogger } from './sdk-logger';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (!config.DATABASE_URL || !config.TEMPORAL_ADDRESS) {
    throw new ConfigError([
      ...(config.DATABASE_URL ? [] : [{ setting: 'DATABASE_URL', message: 'is required for a standalone worker (npm start embeds one)' }]),
      ...(config.TEMPORAL_ADDRESS ? [] : [{ setting: 'TEMPORAL_ADDRESS', message: 'is required for a standalone worker (npm start embeds one)' }]),
    ]);
  }
  const parts = await composeProcess({ ...config, DATABASE_URL: config.DATABASE_URL, TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS });
  const { logger } = parts;
  installSdkLogger(logger);
  await prepareTemporal(parts.temporal, config);
  const rewrapped = await rewrapIfRotating(parts.vault, config);
  if (rewrapped > 0) logger.info({ rewrapped, masterKeyId: config.DOORZET_MASTER_KEY_ID }, 'tenant data keys re-wrapped under the current master key');
  const worker = await parts.createWorker();
  // The SDK installs its own SIGINT/SIGTERM handlers that call worker.shutdown().
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE, namespace: config.TEMPORAL_NAMESPACE }, 'worker started');
  await worker.run();
  await parts.close();
  logger.info('worker stopped');
}

main().catch((error: unknown) => {
  process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `worker failed: ${JSON.stringify(safeError(error))}\n`);
  process.exit(1);
});
