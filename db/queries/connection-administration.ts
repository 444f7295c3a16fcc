import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { connections } from '../schema';

/**
 * Stores the administration the target connection books into (non-secret connection settings);
 * `clearRejection`: the sync waited for this choice, so the connection is no longer marked rejected.
 */
export async function setTargetAdministration(db: Db, tenantId: string, administration: { id: string; name: string } | null, options: { clearRejection?: boolean } = {}): Promise<boolean> {
  const value = administration === null ? sql`${connections.settings} - 'administration'` : sql`${connections.settings} || ${JSON.stringify({ administration })}::jsonb`;
  const rows = await db.update(connections).set({ settings: value, updatedAt: sql`now()`, ...(options.clearRejection ? { credentialsRejectedAt: null } : {}) })
    .where(and(eq(connections.tenantId, tenantId), eq(connections.role, 'target'))).returning({ id: connections.id });
  return rows.length > 0;
}
