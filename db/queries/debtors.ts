import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { debtors } from '../schema';

/** E-mail addresses are matched case-insensitively; we store them normalised. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findDebtorContactId(db: Db, tenantId: string, email: string): Promise<string | null> {
  const [row] = await db.select({ contactId: debtors.targetContactId }).from(debtors)
    .where(and(eq(debtors.tenantId, tenantId), eq(debtors.email, normaliseEmail(email))));
  return row?.contactId ?? null;
}

/** Keeps the first mapping when two sales of the same new debtor race; returns the contact id that won. */
export async function saveDebtor(db: Db, debtor: {
  tenantId: string; source: string; sourceCustomerId: string | null; email: string; targetContactId: string;
}): Promise<string> {
  await db.insert(debtors).values({ ...debtor, email: normaliseEmail(debtor.email) }).onConflictDoNothing();
  return (await findDebtorContactId(db, debtor.tenantId, debtor.email)) ?? debtor.targetContactId;
}

export async function deleteDebtorByEmail(db: Db, tenantId: string, email: string): Promise<number> {
  const rows = await db.delete(debtors)
    .where(and(eq(debtors.tenantId, tenantId), eq(debtors.email, normaliseEmail(email))))
    .returning({ id: debtors.id });
  return rows.length;
}

export type DebtorRow = typeof debtors.$inferSelect;

/** The debtor mappings of one e-mail address (GDPR access request). */
export async function findDebtorsByEmail(db: Db, tenantId: string, email: string): Promise<DebtorRow[]> {
  return db.select().from(debtors).where(and(eq(debtors.tenantId, tenantId), eq(debtors.email, normaliseEmail(email))));
}
