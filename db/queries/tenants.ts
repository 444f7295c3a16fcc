import { asc, eq, ilike, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { tenants } from '../schema';

export type TenantRow = typeof tenants.$inferSelect;

export interface TenantFields {
  name: string;
  address: string;
  postcode: string;
  city: string;
  country: string;
  iban: string | null;
  vatNumber: string | null;
  plan: string;
}

export async function insertTenant(db: Db, fields: Partial<TenantFields> & { name: string }): Promise<TenantRow> {
  const [row] = await db.insert(tenants).values(fields).returning();
  if (!row) throw new Error('insert into tenants returned nothing');
  return row;
}

export async function getTenant(db: Db, tenantId: string): Promise<TenantRow | null> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  return row ?? null;
}

export async function tenantExists(db: Db, tenantId: string): Promise<boolean> {
  const [row] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId));
  return row !== undefined;
}

export async function updateTenant(db: Db, tenantId: string, fields: Partial<TenantFields>): Promise<TenantRow | null> {
  const [row] = await db.update(tenants).set({ ...fields, updatedAt: sql`now()` }).where(eq(tenants.id, tenantId)).returning();
  return row ?? null;
}

/** Contract dates as ISO dates (YYYY-MM-DD); endsOn null = open-ended. */
export async function setContract(db: Db, tenantId: string, contract: { startsOn: string; endsOn: string | null }): Promise<TenantRow | null> {
  const [row] = await db.update(tenants)
    .set({ contractStartsOn: contract.startsOn, contractEndsOn: contract.endsOn, updatedAt: sql`now()` })
    .where(eq(tenants.id, tenantId))
    .returning();
  return row ?? null;
}

/** A page of tenants by name (ops tenant picker and `GET /tenants`), with the total count. */
export async function listTenants(db: Db, page: { limit: number; offset: number; search?: string }): Promise<{ rows: TenantRow[]; total: number }> {
  const where = page.search ? ilike(tenants.name, `%${page.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`) : undefined;
  const rows = await db.select().from(tenants).where(where).orderBy(asc(tenants.name), asc(tenants.id)).limit(page.limit).offset(page.offset);
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(tenants).where(where);
  return { rows, total: count?.n ?? 0 };
}
