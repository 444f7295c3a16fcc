import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { ensureDatabase } from '../../dev/embedded-postgres';

export interface TestDatabase extends DbHandle {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database in the shared test cluster, so test files never see each other's rows. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  if (options.migrate !== false) await runMigrations(url);
  const handle = createDb(url);
  return {
    ...handle,
    url,
    name,
    async drop() {
      await handle.close();
      const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
      await sql.unsafe(`drop database if exists "${name}" with (force)`);
      await sql.end();
    },
  };
}
