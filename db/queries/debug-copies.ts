import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { accessRegister, debugCopies, debugCopySales, saleErrors } from '../schema';

/** The access-register line written in the same transaction as the change it records. */
export type AccessEntry = typeof accessRegister.$inferInsert;

export type DebugCopyRow = typeof debugCopies.$inferSelect;
export type DebugCopySaleRow = typeof debugCopySales.$inferSelect;

export async function insertDebugCopy(db: Db, row: { id: string; tenantId: string; requestedBy: string; reason: string; workflowId: string; expiresAt: Date }): Promise<DebugCopyRow> {
  const [inserted] = await db.insert(debugCopies).values(row).returning();
  return inserted!;
}

export async function getDebugCopy(db: Db, copyId: string): Promise<DebugCopyRow | null> {
  const [row] = await db.select().from(debugCopies).where(eq(debugCopies.id, copyId));
  return row ?? null;
}

export async function getTenantDebugCopy(db: Db, tenantId: string, copyId: string): Promise<DebugCopyRow | null> {
  const [row] = await db.select().from(debugCopies).where(and(eq(debugCopies.tenantId, tenantId), eq(debugCopies.id, copyId)));
  return row ?? null;
}

export async function listDebugCopies(db: Db, tenantId: string): Promise<DebugCopyRow[]> {
  return db.select().from(debugCopies).where(eq(debugCopies.tenantId, tenantId)).orderBy(desc(debugCopies.createdAt)).limit(100);
}

export async function listDebugCopySales(db: Db, copyId: string): Promise<DebugCopySaleRow[]> {
  return db.select().from(debugCopySales).where(eq(debugCopySales.copyId, copyId)).orderBy(debugCopySales.orderNumber);
}

/**
 * Fills a copy in one transaction with its access-register line (a retried activity replaces what a failed
 * attempt left; a copy never exists without its line in the register).
 */
export async function fillDebugCopy(
  db: Db, copyId: string, sales: Omit<typeof debugCopySales.$inferInsert, 'copyId'>[], errorIds: string[], access: AccessEntry,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(debugCopySales).where(eq(debugCopySales.copyId, copyId));
    if (sales.length > 0) await tx.insert(debugCopySales).values(sales.map((s) => ({ ...s, copyId })));
    const filled = await tx.update(debugCopies).set({ state: 'ready', errorIds, sales: sales.length })
      .where(and(eq(debugCopies.id, copyId), eq(debugCopies.state, 'making'))).returning({ id: debugCopies.id });
    if (filled.length > 0) await tx.insert(accessRegister).values(access);
  });
}

/**
 * Deletes the copied sales and marks the copy destroyed, with its access-register line, in one transaction;
 * the row stays as the record that it existed. Idempotent.
 */
export async function destroyDebugCopy(db: Db, copyId: string, because: 'resolved' | 'expired' | 'ops', access: AccessEntry): Promise<{ destroyed: boolean; sales: number }> {
  return db.transaction(async (tx) => {
    const gone = await tx.delete(debugCopySales).where(eq(debugCopySales.copyId, copyId)).returning({ id: debugCopySales.id });
    const changed = await tx.update(debugCopies).set({ state: 'destroyed', destroyedAt: new Date(), destroyedBecause: because })
      .where(and(eq(debugCopies.id, copyId), isNull(debugCopies.destroyedAt))).returning({ id: debugCopies.id });
    if (changed.length > 0) await tx.insert(accessRegister).values(access);
    return { destroyed: changed.length > 0, sales: gone.length };
  });
}

/** How many of the copied error records are still open (resolved or deleted ones do not count). */
export async function countOpenErrors(db: Db, errorIds: string[]): Promise<number> {
  if (errorIds.length === 0) return 0;
  const rows = await db.select({ id: saleErrors.id }).from(saleErrors).where(and(inArray(saleErrors.id, errorIds), isNull(saleErrors.resolvedAt)));
  return rows.length;
}
