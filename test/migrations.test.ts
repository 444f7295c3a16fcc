import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrationsFolder, runMigrations } from '../db/migrate';
import { createTestDatabase, type TestDatabase } from './support/database';

describe('migrations', () => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());

  it('apply to an empty database and create every table of the retention table', async () => {
    database = await createTestDatabase({ migrate: false });
    await runMigrations(database.url);
    const rows = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const tables = rows.map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining([
      'synced_sales', 'debtors', 'tenant_keys', 'connections', 'credential_access_log', 'sale_errors',
      'platform_log', 'tenants', 'tenant_invoices', 'access_analytics', 'backups', 'users', 'sessions', 'access_register',
    ]));
  });

  it('are idempotent: a second run changes nothing', async () => {
    await runMigrations(database.url);
    const applied = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(applied[0]?.n).toBe(journal.entries.length);
  });
});
