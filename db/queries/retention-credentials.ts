import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { connections, oauthTokens, tenantKeys, tenants } from '../schema';

export async function getTenantContractEnd(db: Db, tenantId: string): Promise<{ contractEndsOn: string | null } | null> {
  const [row] = await db.select({ contractEndsOn: tenants.contractEndsOn }).from(tenants).where(eq(tenants.id, tenantId));
  return row ?? null;
}

/** Nulls the sealed credentials of every connection of the tenant (OAuth tokens go too); the rows stay for the audit trail. Idempotent. */
export async function deleteConnectionCredentials(db: Db, tenantId: string): Promise<number> {
  await db.delete(oauthTokens).where(eq(oauthTokens.tenantId, tenantId));
  const rows = await db.update(connections)
    .set({ sealedCredentials: null, credentialsDeletedAt: sql`coalesce(${connections.credentialsDeletedAt}, now())`, updatedAt: sql`now()` })
    .where(and(eq(connections.tenantId, tenantId), isNotNull(connections.sealedCredentials)))
    .returning({ id: connections.id });
  return rows.length;
}

export async function tenantKeyExists(db: Db, tenantId: string): Promise<boolean> {
  const [row] = await db.select({ tenantId: tenantKeys.tenantId }).from(tenantKeys).where(eq(tenantKeys.tenantId, tenantId));
  return row !== undefined;
}
