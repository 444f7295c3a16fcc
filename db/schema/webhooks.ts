import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Webhook deliveries already acted on, by the vendor's delivery id (a header that stays the same on
 * every retry of one delivery), so a redelivery is answered without signalling the sync again, across
 * API restarts and replicas. Ids only; rows older than the vendors' retry window are pruned.
 */
export const webhookDeliveries = pgTable('webhook_deliveries', {
  connectionId: uuid().notNull(),
  deliveryId: text().notNull(),
  receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.connectionId, t.deliveryId] }),
  // The prune deletes by age.
  index('idx_webhook_deliveries_received_at').on(t.receivedAt),
]);
