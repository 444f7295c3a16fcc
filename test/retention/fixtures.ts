import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Vault } from '../../crypto/vault';
import type { Db } from '../../db/client';
import { upsertConnection } from '../../db/queries/connections';
import { connections, tenants } from '../../db/schema';

/** A UTC calendar date, as the `date` columns hold it. */
export const dateOn = (moment: Date): string => moment.toISOString().slice(0, 10);

export async function insertTenant(db: Db, values: Partial<typeof tenants.$inferInsert> = {}): Promise<string> {
  const [row] = await db.insert(tenants).values({
    name: 'Bakkerij De Korenschoof', address: 'Dorpsstraat 1', postcode: '1234 AB', city: 'Ergenshuizen',
    iban: 'NL91ABNA0417164300', vatNumber: 'NL000099998B57', ...values,
  }).returning({ id: tenants.id });
  if (!row) throw new Error('no tenant');
  return row.id;
}

export async function setContractEnd(db: Db, tenantId: string, contractEndsOn: string | null): Promise<void> {
  await db.update(tenants).set({ contractEndsOn }).where(eq(tenants.id, tenantId));
}

/** A source and a target connection with sealed credentials, as the API stores them. */
export async function insertSealedConnections(db: Db, vault: Vault, tenantId: string, secret: string): Promise<void> {
  for (const role of ['source', 'target'] as const) {
    const id = randomUUID();
    await upsertConnection(db, {
      id, tenantId, role, vendor: role === 'source' ? 'woocommerce' : 'moneybird', baseUrl: 'http://127.0.0.1:9',
      sealedCredentials: await vault.seal(tenantId, id, { apiToken: `${secret}-${role}` }),
    });
  }
}

export async function tenantConnections(db: Db, tenantId: string) {
  return db.select().from(connections).where(eq(connections.tenantId, tenantId));
}
