import type { Client } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { codecKey, masterKeys, oauthApps, type Config } from '../config';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { connectorFactory, rateLimitOf } from '../connectors/registry';
import { createDoorzetWorker } from './create-worker';
import { ensureNamespaceRetention } from './namespace-retention';
import { ensureRetentionSchedules } from './schedules';

/** What every start of doorzet makes sure of on the Temporal side: retention at most 30 days, the daily schedules. */
export async function prepareTemporal(client: Client, config: Config): Promise<void> {
  await ensureNamespaceRetention(client, config.TEMPORAL_NAMESPACE, config.TEMPORAL_RETENTION_DAYS);
  await ensureRetentionSchedules(client, { taskQueue: config.TEMPORAL_TASK_QUEUE });
}

/** The production worker: the registry's connectors, the vendors' published rate limits. */
export async function createWorkerFromConfig(
  config: Config & { TEMPORAL_ADDRESS: string },
  deps: { db: Db; vault: Vault },
): Promise<{ worker: Worker; close: () => Promise<void> }> {
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const worker = await createDoorzetWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    codecKey: codecKey(config),
    db: deps.db,
    vault: deps.vault,
    connectorFactory,
    rateLimitOf,
    oauth: oauthApps(config),
  });
  return { worker, close: () => connection.close() };
}

/**
 * During a master-key rotation (older keys configured), re-wraps every tenant data key under the
 * current master key. The vault opens keys under any configured id meanwhile, so nothing waits.
 */
export async function rewrapIfRotating(vault: Vault, config: Config): Promise<number> {
  if (masterKeys(config).previous.length === 0) return 0;
  return (await vault.rewrapAll()).rewrapped;
}
