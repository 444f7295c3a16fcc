import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { syncCursors } from '../schema';

export async function loadCursor(db: Db, tenantId: string): Promise<string | null> {
  const [row] = await db.select({ cursor: syncCursors.cursor }).from(syncCursors).where(eq(syncCursors.tenantId, tenantId));
  return row?.cursor ?? null;
}

export async function saveCursor(db: Db, tenantId: string, cursor: string): Promise<void> {
  await db.insert(syncCursors).values({ tenantId, cursor })
    .onConflictDoUpdate({ target: syncCursors.tenantId, set: { cursor, updatedAt: sql`now()` } });
}
