import type { Client } from '@temporalio/client';
import { masterKeys, type Config } from '../config';
import type { Vault } from '../crypto/vault';
import { ensureNamespaceRetention } from './namespace-retention';
import { ensureCompletenessSchedule } from './completeness-schedule';
import { ensureRetentionSchedules } from './schedules';

/** What every start of doorzet makes sure of on the Temporal side: retention at most 30 days, the daily schedules. */
export async function prepareTemporal(client: Client, config: Config): Promise<void> {
  await ensureNamespaceRetention(client, config.TEMPORAL_NAMESPACE, config.TEMPORAL_RETENTION_DAYS);
  await ensureRetentionSchedules(client, { taskQueue: config.TEMPORAL_TASK_QUEUE });
  await ensureCompletenessSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE });
}

/**
 * During a master-key rotation (older keys configured), re-wraps every tenant data key under the
 * current master key. The vault opens keys under any configured id meanwhile, so nothing waits.
 */
export async function rewrapIfRotating(vault: Vault, config: Config): Promise<number> {
  if (masterKeys(config).previous.length === 0) return 0;
  return (await vault.rewrapAll()).rewrapped;
}
