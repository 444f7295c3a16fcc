import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { connections, type ConnectionRole } from '../schema';

export type ConnectionRow = typeof connections.$inferSelect;

export async function getConnection(db: Db, tenantId: string, role: ConnectionRole): Promise<ConnectionRow | null> {
  const [row] = await db.select().from(connections).where(and(eq(connections.tenantId, tenantId), eq(connections.role, role)));
  return row ?? null;
}

export async function getConnectionById(db: Db, id: string): Promise<ConnectionRow | null> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id));
  return row ?? null;
}

/** One source and one target per tenant; saving new credentials clears an earlier rejection. */
export async function upsertConnection(db: Db, c: {
  id?: string; tenantId: string; role: ConnectionRole; vendor: string; baseUrl: string;
  settings?: ConnectionRow['settings']; sealedCredentials: Uint8Array;
}): Promise<ConnectionRow> {
  const [row] = await db.insert(connections).values({ ...c, settings: c.settings ?? {} })
    .onConflictDoUpdate({
      target: [connections.tenantId, connections.role],
      set: {
        vendor: c.vendor, baseUrl: c.baseUrl, settings: c.settings ?? {}, sealedCredentials: c.sealedCredentials,
        credentialsRejectedAt: null, credentialsDeletedAt: null, updatedAt: sql`now()`,
      },
    })
    .returning();
  if (!row) throw new Error('upsert into connections returned nothing');
  return row;
}

export async function markCredentialsRejected(db: Db, tenantId: string, role: ConnectionRole): Promise<void> {
  await db.update(connections).set({ credentialsRejectedAt: sql`coalesce(${connections.credentialsRejectedAt}, now())` })
    .where(and(eq(connections.tenantId, tenantId), eq(connections.role, role)));
}

export async function listConnections(db: Db, tenantId: string): Promise<ConnectionRow[]> {
  return db.select().from(connections).where(eq(connections.tenantId, tenantId)).orderBy(connections.role);
}
