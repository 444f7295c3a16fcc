import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { migrationsFolder } from '../migrate';

interface Journal {
  entries: { idx: number; when: number; tag: string }[];
}

export class UnknownMigrationError extends Error {
  override readonly name = 'UnknownMigrationError';
}

async function readJournal(): Promise<Journal & Record<string, unknown>> {
  return JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as Journal & Record<string, unknown>;
}

/**
 * Applies the committed migrations up to and including the one made at `lastCreatedAt` (a journal `when`),
 * so a backup's rows go into exactly the schema they were dumped from; the later migrations run after the
 * data is in, as they would have in production. Throws when this code does not know that migration (the
 * backup was made by a newer doorzet).
 */
export async function runMigrationsUpTo(url: string, lastCreatedAt: number | null): Promise<{ applied: number }> {
  if (lastCreatedAt === null) return { applied: 0 };
  const journal = await readJournal();
  const index = journal.entries.findIndex((e) => e.when === lastCreatedAt);
  if (index < 0) {
    throw new UnknownMigrationError(`the backup's schema version (migration made at ${new Date(lastCreatedAt).toISOString()}) is not among this code's migrations: restore it with the doorzet version that made it`);
  }
  const entries = journal.entries.slice(0, index + 1);
  const folder = await mkdtemp(join(tmpdir(), 'doorzet-migrations-'));
  try {
    await mkdir(join(folder, 'meta'));
    await writeFile(join(folder, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries }));
    for (const e of entries) await copyFile(join(migrationsFolder, `${e.tag}.sql`), join(folder, `${e.tag}.sql`));
    const sql = postgres(url, { max: 1, onnotice: () => undefined });
    try {
      await migrate(drizzle(sql), { migrationsFolder: folder });
    } finally {
      await sql.end({ timeout: 5 });
    }
    return { applied: entries.length };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
