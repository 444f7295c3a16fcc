import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { alertSettings, alertsSent, dataBreaches, dataBreachTenants } from '../schema';

export type AlertSettingsRow = typeof alertSettings.$inferSelect;
export type AlertSentRow = typeof alertsSent.$inferSelect;

export async function getAlertSettings(db: Db, tenantId: string): Promise<AlertSettingsRow | null> {
  const [row] = await db.select().from(alertSettings).where(eq(alertSettings.tenantId, tenantId));
  return row ?? null;
}

/** `sealedSlackWebhook`: undefined keeps the stored one, null removes it. */
export async function saveAlertSettings(db: Db, s: { tenantId: string; id: string; emails: string[]; sealedSlackWebhook?: Uint8Array | null }): Promise<AlertSettingsRow> {
  const slack = s.sealedSlackWebhook === undefined ? {} : { sealedSlackWebhook: s.sealedSlackWebhook };
  const [row] = await db.insert(alertSettings).values({ tenantId: s.tenantId, id: s.id, emails: s.emails, ...slack })
    .onConflictDoUpdate({ target: alertSettings.tenantId, set: { emails: s.emails, ...slack, updatedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error('upsert into alert_settings returned nothing');
  return row;
}

/** Claims an alert by its dedup key; an existing claim is returned as it is (a retry resends the channels not yet sent). */
export async function claimAlert(db: Db, a: { tenantId: string; kind: string; dedupKey: string; subject: string }): Promise<{ row: AlertSentRow; isNew: boolean }> {
  const inserted = await db.insert(alertsSent).values(a).onConflictDoNothing().returning();
  if (inserted[0]) return { row: inserted[0], isNew: true };
  const [row] = await db.select().from(alertsSent).where(and(eq(alertsSent.tenantId, a.tenantId), eq(alertsSent.dedupKey, a.dedupKey)));
  if (!row) throw new Error('alerts_sent row vanished during claim');
  return { row, isNew: false };
}

/**
 * Sends one channel of an alert at most once: the row stays locked while `send` runs, so a concurrent
 * claimant of the same alert waits and then finds the channel sent. A failed send marks nothing.
 */
export async function sendAlertChannelOnce(db: Db, id: string, channel: 'email' | 'slack', send: () => Promise<void>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(alertsSent).where(eq(alertsSent.id, id)).for('update');
    if (!row || (channel === 'email' ? row.emailSentAt : row.slackSentAt)) return false;
    await send();
    await tx.update(alertsSent).set(channel === 'email' ? { emailSentAt: sql`now()` } : { slackSentAt: sql`now()` }).where(eq(alertsSent.id, id));
    return true;
  });
}

export async function listAlertsSent(db: Db, tenantId: string, limit = 50): Promise<AlertSentRow[]> {
  return db.select().from(alertsSent).where(eq(alertsSent.tenantId, tenantId)).orderBy(desc(alertsSent.createdAt)).limit(limit);
}

export type DataBreachRow = typeof dataBreaches.$inferSelect;

export async function insertDataBreach(db: Db, b: { description: string; foundAt: Date; recordedBy: string; tenantIds: string[] }): Promise<DataBreachRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(dataBreaches).values({ description: b.description, foundAt: b.foundAt, recordedBy: b.recordedBy }).returning();
    if (!row) throw new Error('insert into data_breaches returned nothing');
    if (b.tenantIds.length > 0) await tx.insert(dataBreachTenants).values(b.tenantIds.map((tenantId) => ({ breachId: row.id, tenantId })));
    return row;
  });
}

export async function getDataBreach(db: Db, id: string): Promise<DataBreachRow | null> {
  const [row] = await db.select().from(dataBreaches).where(eq(dataBreaches.id, id));
  return row ?? null;
}

/** The register (ops): every breach with its affected tenants, newest first. */
export async function listDataBreaches(db: Db): Promise<(DataBreachRow & { tenantIds: string[] })[]> {
  const rows = await db.select().from(dataBreaches).orderBy(desc(dataBreaches.foundAt));
  if (rows.length === 0) return [];
  const links = await db.select().from(dataBreachTenants).where(inArray(dataBreachTenants.breachId, rows.map((r) => r.id)));
  return rows.map((r) => ({ ...r, tenantIds: links.filter((l) => l.breachId === r.id).map((l) => l.tenantId) }));
}

/** The breaches that concern one tenant (its privacy page). */
export async function listTenantDataBreaches(db: Db, tenantId: string): Promise<DataBreachRow[]> {
  return db.select({ id: dataBreaches.id, description: dataBreaches.description, foundAt: dataBreaches.foundAt, recordedBy: dataBreaches.recordedBy, createdAt: dataBreaches.createdAt })
    .from(dataBreaches).innerJoin(dataBreachTenants, eq(dataBreachTenants.breachId, dataBreaches.id))
    .where(eq(dataBreachTenants.tenantId, tenantId)).orderBy(desc(dataBreaches.foundAt));
}
