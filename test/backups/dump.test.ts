import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dumpDatabase, sqlOf } from '../../db/backup/dump';
import { tenants } from '../../db/schema';
import { createTestDatabase, type TestDatabase } from '../support/database';

describe('logical dump', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.drop());

  // Regression: postgres.js could leave the connection paused after a large COPY (porsager/postgres#499), so
  // the COPY of the next, empty table never answered. A consumer that reads fast triggers it reliably.
  it('reads a large table followed by empty ones to the end, and leaves the connection usable', async () => {
    const [tenant] = await database.db.insert(tenants).values({ name: 'Groot' }).returning();
    await database.db.execute(sql`
      insert into synced_sales (tenant_id, source, external_id, order_number, state, amount_excl_cents, amount_incl_cents, target_document_id)
      select ${tenant!.id}, 'woocommerce', g::text, 'WC-' || g, 'posted', g, g * 121 / 100, md5(g::text) from generate_series(1, 100000) g`);
    const seen: string[] = [];
    let rows = 0;
    for await (const event of dumpDatabase(sqlOf(database.db), { exclude: [] })) {
      if (event.type === 'table') seen.push(event.name);
      if (event.type === 'end') rows = event.tables.find((t) => t.name === 'synced_sales')?.rows ?? 0;
    }
    expect(rows).toBe(100_000);
    expect(seen.indexOf('tenant_invoices')).toBeGreaterThan(seen.indexOf('synced_sales'));
    const [after] = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from synced_sales`);
    expect(after?.n).toBe(100_000);
  }, 60_000);
});
