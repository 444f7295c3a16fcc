import { and, asc, eq, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { DeletionLogEntry } from '../../domain/backups';
import type { Db } from '../client';
import { normaliseEmail } from './debtors';
import { connections, debtors, deletionLog, saleErrors, tenantKeys } from '../schema';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

// Any PII value equal to the e-mail address (case-insensitive), whatever its key (as sale-errors.ts matches).
const mentionsEmail = (email: string) =>
  sql`exists (select 1 from jsonb_each_text(${saleErrors.pii}) as p(k, v) where lower(trim(p.v)) = ${normaliseEmail(email)})`;

/**
 * GDPR erasure of one debtor, in one transaction: the debtor mappings of the addresses are deleted, the error
 * records that mention them (and `errorIds`, records of the debtor's orders) are redacted, and the ids of
 * both go into the deletion log, so a restore of an older backup erases them again. The log holds ids only,
 * never an address.
 */
export async function eraseDebtorLogged(
  db: Db, tenantId: string, subject: { emails: string[]; errorIds?: string[] },
): Promise<{ debtorsDeleted: number; errorRecordsRedacted: number; logEntryId: string | null }> {
  return db.transaction(async (tx) => {
    const debtorIds: string[] = [];
    const saleErrorIds = new Set<string>();
    const redact = { pii: null, redactedAt: sql`coalesce(${saleErrors.redactedAt}, now())` };
    for (const email of subject.emails) {
      const deleted = await tx.delete(debtors)
        .where(and(eq(debtors.tenantId, tenantId), eq(debtors.email, normaliseEmail(email))))
        .returning({ id: debtors.id });
      debtorIds.push(...deleted.map((r) => r.id));
      const redacted = await tx.update(saleErrors).set(redact)
        .where(and(eq(saleErrors.tenantId, tenantId), isNotNull(saleErrors.pii), mentionsEmail(email)))
        .returning({ id: saleErrors.id });
      for (const r of redacted) saleErrorIds.add(r.id);
    }
    if (subject.errorIds?.length) {
      const redacted = await tx.update(saleErrors).set(redact)
        .where(and(eq(saleErrors.tenantId, tenantId), inArray(saleErrors.id, subject.errorIds), isNotNull(saleErrors.pii)))
        .returning({ id: saleErrors.id });
      for (const r of redacted) saleErrorIds.add(r.id);
    }
    let logEntryId: string | null = null;
    if (debtorIds.length + saleErrorIds.size > 0) {
      logEntryId = await insertEntry(tx, { kind: 'debtor-erased', tenantId, subjectIds: { debtorIds, saleErrorIds: [...saleErrorIds] } });
    }
    return { debtorsDeleted: debtorIds.length, errorRecordsRedacted: saleErrorIds.size, logEntryId };
  });
}

async function insertEntry(db: Db | Tx, entry: typeof deletionLog.$inferInsert): Promise<string> {
  const [row] = await db.insert(deletionLog).values(entry).returning({ id: deletionLog.id });
  return row!.id;
}

/** Written BEFORE the tenant key is shredded: a crash in between leaves a harmless extra entry, never a missing one. */
export async function logTenantKeyShred(db: Db, tenantId: string): Promise<string> {
  return insertEntry(db, { kind: 'tenant-key-shredded', tenantId });
}

export function toEntry(row: typeof deletionLog.$inferSelect): DeletionLogEntry {
  const at = row.at.toISOString();
  if (row.kind === 'tenant-key-shredded') return { id: row.id, kind: row.kind, tenantId: row.tenantId, at };
  return { id: row.id, kind: 'debtor-erased', tenantId: row.tenantId, at, debtorIds: row.subjectIds.debtorIds ?? [], saleErrorIds: row.subjectIds.saleErrorIds ?? [] };
}

export async function listUnshippedDeletions(db: Db, limit = 1000): Promise<DeletionLogEntry[]> {
  const rows = await db.select().from(deletionLog).where(isNull(deletionLog.shippedAt)).orderBy(asc(deletionLog.at)).limit(limit);
  return rows.map(toEntry);
}

export async function markDeletionsShipped(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(deletionLog).set({ shippedAt: sql`now()` }).where(inArray(deletionLog.id, ids));
}

/** Shipped outbox rows are only a local trace; the store holds the log. Kept as long as the store's copy. */
export async function deleteShippedDeletionsBefore(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(deletionLog).where(and(isNotNull(deletionLog.shippedAt), lte(deletionLog.at, before))).returning({ id: deletionLog.id });
  return rows.length;
}

/**
 * Replays one deletion on a restored database. Idempotent. A shredded key goes again, and with it every
 * sealed credential of that tenant (unreadable without the key); a key made after the shred (a later
 * contract) stays. An erased debtor's rows go by id.
 */
export async function replayDeletion(db: Db, entry: DeletionLogEntry): Promise<{ rows: number }> {
  return db.transaction(async (tx) => {
    if (entry.kind === 'tenant-key-shredded') {
      const keys = await tx.delete(tenantKeys)
        .where(and(eq(tenantKeys.tenantId, entry.tenantId), lte(tenantKeys.createdAt, new Date(entry.at))))
        .returning({ id: tenantKeys.tenantId });
      const [stillKeyed] = await tx.select({ id: tenantKeys.tenantId }).from(tenantKeys).where(eq(tenantKeys.tenantId, entry.tenantId));
      const creds = stillKeyed ? [] : await tx.update(connections)
        .set({ sealedCredentials: null, credentialsDeletedAt: sql`coalesce(${connections.credentialsDeletedAt}, ${entry.at}::timestamptz)`, updatedAt: sql`now()` })
        .where(and(eq(connections.tenantId, entry.tenantId), isNotNull(connections.sealedCredentials)))
        .returning({ id: connections.id });
      return { rows: keys.length + creds.length };
    }
    const gone = entry.debtorIds.length === 0 ? [] : await tx.delete(debtors)
      .where(and(eq(debtors.tenantId, entry.tenantId), inArray(debtors.id, entry.debtorIds))).returning({ id: debtors.id });
    const redacted = entry.saleErrorIds.length === 0 ? [] : await tx.update(saleErrors)
      .set({ pii: null, redactedAt: sql`coalesce(${saleErrors.redactedAt}, ${entry.at}::timestamptz)` })
      .where(and(eq(saleErrors.tenantId, entry.tenantId), inArray(saleErrors.id, entry.saleErrorIds), isNotNull(saleErrors.pii)))
      .returning({ id: saleErrors.id });
    return { rows: gone.length + redacted.length };
  });
}

/**
 * After a restore: error records whose redaction date passed since the backup was taken are redacted now.
 * Their timers fired on the live database; a restore must not bring their personal values back.
 */
export async function redactOverdueSaleErrors(db: Db, now: Date): Promise<number> {
  const rows = await db.update(saleErrors).set({ pii: null, redactedAt: sql`coalesce(${saleErrors.redactedAt}, ${saleErrors.redactAt})` })
    .where(and(isNotNull(saleErrors.pii), lte(saleErrors.redactAt, now))).returning({ id: saleErrors.id });
  return rows.length;
}
