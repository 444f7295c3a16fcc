import { desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { accessRegister } from '../schema';

export type AccessRegisterRow = typeof accessRegister.$inferSelect;

/** Ops access to a tenant's data (tenantId null: access not tied to one tenant, e.g. a codec call). */
export async function appendAccess(db: Db, entry: { tenantId: string | null; actor: string; action: string; reason: string }): Promise<void> {
  await db.insert(accessRegister).values(entry);
}

export async function listAccess(db: Db, tenantId: string, limit = 500): Promise<AccessRegisterRow[]> {
  return db.select().from(accessRegister).where(eq(accessRegister.tenantId, tenantId)).orderBy(desc(accessRegister.at)).limit(limit);
}
