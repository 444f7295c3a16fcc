import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { tenantAlerts } from '../schema';

export type TenantAlertRow = typeof tenantAlerts.$inferSelect;

export interface AlertInput {
  tenantId: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  /** One alert per cause: a second raise with the same key is a no-op. */
  dedupKey: string;
  params: Record<string, string>;
}

/** Writes the alert to the outbox once; true when it is new. */
export async function raiseTenantAlert(db: Db, alert: AlertInput): Promise<boolean> {
  const rows = await db.insert(tenantAlerts).values(alert).onConflictDoNothing({ target: tenantAlerts.dedupKey }).returning({ id: tenantAlerts.id });
  return rows.length > 0;
}

export async function listTenantAlerts(db: Db, tenantId: string, options: { undeliveredOnly?: boolean } = {}): Promise<TenantAlertRow[]> {
  return db.select().from(tenantAlerts)
    .where(options.undeliveredOnly ? and(eq(tenantAlerts.tenantId, tenantId), isNull(tenantAlerts.deliveredAt)) : eq(tenantAlerts.tenantId, tenantId))
    .orderBy(desc(tenantAlerts.createdAt));
}
