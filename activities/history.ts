import type { Db } from '../db/client';
import { getSyncedSale } from '../db/queries/synced-sales';
import { syncStartOf } from './sync-activities';

/**
 * Whether an order is history: placed before the tenant's sync start and never booked by doorzet (the
 * merchant booked it already). Such an order is not booked by the sync, nor are its refunds credited,
 * however it reaches doorzet (a poll filters it early; a webhook or a retry is stopped here).
 */
export async function isHistory(db: Db, key: { tenantId: string; source: string; externalId: string }, placedAt: string | undefined, connectedAt: Date): Promise<boolean> {
  if (!placedAt || !Number.isFinite(Date.parse(placedAt))) return false;
  if (Date.parse(placedAt) >= Date.parse(await syncStartOf(db, key.tenantId, connectedAt))) return false;
  return (await getSyncedSale(db, key)) === null;
}
