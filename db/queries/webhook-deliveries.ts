import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { webhookDeliveries } from '../schema';

/** Vendors retry a failed delivery for hours to two days; a delivery id is remembered a little longer. */
export const WEBHOOK_DELIVERY_MEMORY_MS = 3 * 24 * 3_600_000;

export async function isWebhookDeliverySeen(db: Db, connectionId: string, deliveryId: string): Promise<boolean> {
  const [row] = await db.select({ at: webhookDeliveries.receivedAt }).from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.connectionId, connectionId), eq(webhookDeliveries.deliveryId, deliveryId)));
  return row !== undefined;
}

/** Remembers a delivery once it was acted on; true when this call recorded it first. */
export async function recordWebhookDelivery(db: Db, connectionId: string, deliveryId: string): Promise<boolean> {
  const rows = await db.insert(webhookDeliveries).values({ connectionId, deliveryId }).onConflictDoNothing().returning({ id: webhookDeliveries.deliveryId });
  return rows.length > 0;
}

export async function pruneWebhookDeliveries(db: Db, olderThanMs = WEBHOOK_DELIVERY_MEMORY_MS): Promise<number> {
  const rows = await db.delete(webhookDeliveries)
    .where(lt(webhookDeliveries.receivedAt, sql`now() - make_interval(secs => ${olderThanMs / 1000})`))
    .returning({ id: webhookDeliveries.deliveryId });
  return rows.length;
}
