import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import { createLoadedDataConverter } from '../../crypto/data-converter';
import { createVault, type Vault } from '../../crypto/vault';
import { createDb, type Db } from '../../db/client';
import { runMigrations } from '../../db/migrate';
import { createPgVaultStore } from '../../db/queries/vault-store';
import { startEmbeddedPostgres, type RunningPostgres } from '../../dev/embedded-postgres';
import { startTemporalDevServer, type RunningTemporal } from '../../dev/temporal-dev-server';
import { progress } from './log';
import { freePort } from '../../dev/free-port';

export { freePort };

export interface BenchKeys {
  master: { id: string; key: Uint8Array };
  codec: Uint8Array;
}

/** The embedded runtime of one bench run: its own Postgres and Temporal dev server in a temp dir, both restartable. */
export interface BenchRuntime {
  dir: string;
  temporalDbFile: string;
  databaseUrl: string;
  db: Db;
  vault: Vault;
  client: Client;
  temporalAddress: string;
  keys: BenchKeys;
  restartPostgres(): Promise<void>;
  restartTemporal(): Promise<void>;
  /** pg_database_size of the bench database, in MiB. */
  postgresSizeMb(): Promise<number>;
  /** The dev server's SQLite file with its -wal and -shm, in MiB. */
  temporalDbSizeMb(): number;
  /** pid of the running dev server (found by its port in /proc), or null. */
  temporalPid(): number | null;
  /** The same, split into the main file and its write-ahead log. */
  temporalDbFilesMb(): { db: number; wal: number };
  stop(): Promise<void>;
}

function findPid(match: (cmdline: string) => boolean): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (match(readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' '))) return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

function fileMb(path: string): number {
  return existsSync(path) ? statSync(path).size / (1024 * 1024) : 0;
}

/**
 * `temporalDbDir`: where the dev server's SQLite file lives. On this machine's disk every SQLite commit
 * is an fsync; a tmpfs (/dev/shm) keeps the file across server restarts without paying for durability.
 */
export async function startBenchRuntime(options: { temporalCliPath: string; keepDir?: boolean; temporalDbDir?: string }): Promise<BenchRuntime> {
  const dir = await mkdtemp(join(tmpdir(), 'doorzet-bench-'));
  await chmod(dir, 0o755); // the unprivileged postgres user (when we run as root) must reach its data directory
  const pgDir = join(dir, 'postgres');
  const pgPort = await freePort();
  const temporalPort = await freePort();
  const temporalDbDir = options.temporalDbDir ? await mkdtemp(join(options.temporalDbDir, 'doorzet-bench-temporal-')) : dir;
  const temporalDbFile = join(temporalDbDir, 'temporal.db');
  const database = 'doorzet_bench';

  const startPg = () => startEmbeddedPostgres({ dataDir: pgDir, port: pgPort, database });
  const startTemporal = () => startTemporalDevServer({
    cliPath: options.temporalCliPath, port: temporalPort, uiPort: null, namespace: 'default', dbFile: temporalDbFile,
  });

  progress(`runtime in ${dir}: Postgres on :${pgPort}, Temporal on :${temporalPort}`);
  let pg: RunningPostgres = await startPg();
  let temporal: RunningTemporal = await startTemporal();
  await runMigrations(pg.url);

  // Pool sized for the bench's own look-ups plus the in-process API scenario.
  const handle = createDb(pg.url, { max: 20 });
  const keys: BenchKeys = { master: { id: 'mk-bench', key: new Uint8Array(randomBytes(32)) }, codec: new Uint8Array(randomBytes(32)) };
  const vault = createVault({ store: createPgVaultStore(handle.db), masterKeys: { current: keys.master } });
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: 'default', dataConverter: createLoadedDataConverter(keys.codec) });

  return {
    dir,
    temporalDbFile,
    databaseUrl: pg.url,
    db: handle.db,
    vault,
    client,
    temporalAddress: temporal.address,
    keys,
    async restartPostgres() {
      await pg.stop();
      pg = await startPg();
    },
    async restartTemporal() {
      await temporal.stop();
      temporal = await startTemporal();
    },
    async postgresSizeMb() {
      const [row] = await handle.db.execute<{ bytes: string }>(sql`select pg_database_size(current_database())::text as bytes`);
      return Number(row?.bytes ?? 0) / (1024 * 1024);
    },
    temporalDbSizeMb: () => fileMb(temporalDbFile) + fileMb(`${temporalDbFile}-wal`) + fileMb(`${temporalDbFile}-shm`),
    temporalPid: () => findPid((cmdline) => cmdline.includes('server start-dev') && cmdline.includes(`--port ${temporalPort} `)),
    temporalDbFilesMb: () => ({ db: fileMb(temporalDbFile), wal: fileMb(`${temporalDbFile}-wal`) }),
    async stop() {
      await connection.close().catch(() => undefined);
      await handle.close().catch(() => undefined);
      await temporal.stop().catch(() => undefined);
      await pg.stop().catch(() => undefined);
      if (!options.keepDir) {
        await rm(dir, { recursive: true, force: true });
        if (temporalDbDir !== dir) await rm(temporalDbDir, { recursive: true, force: true });
      }
    },
  };
}
