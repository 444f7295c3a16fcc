import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import postgres, { type Sql } from 'postgres';
import { runMigrations } from '../migrate';
import { copyTarget, countUserRelations, listTables, migrationVersion, type TableInfo } from './catalog';
import { countNewlines, DUMP_FORMAT, DUMP_VERSION, quoteIdent, type DumpEvent, type DumpHeader, type TableSummary } from './dump-events';
import { runMigrationsUpTo } from './migrations-up-to';

export type RestoreProblem = 'NOT_EMPTY' | 'BAD_DUMP' | 'SCHEMA_MISMATCH' | 'CHECKSUM_MISMATCH';

export class RestoreError extends Error {
  override readonly name = 'RestoreError';
  constructor(readonly problem: RestoreProblem, message: string) {
    super(message);
  }
}

export interface RestoreSummary {
  snapshotAt: string;
  tables: TableSummary[];
  excluded: string[];
  /** Migrations that ran after the data went in (the code is newer than the backup). */
  laterMigrations: number;
}

/** Refuses any database that holds a table, view or sequence: a restore never merges into existing data. */
export async function assertEmptyDatabase(sql: Sql): Promise<void> {
  const { relations, examples } = await countUserRelations(sql);
  if (relations > 0) {
    const [db] = await sql<{ name: string }[]>`select current_database() as name`;
    throw new RestoreError('NOT_EMPTY', `database "${db?.name}" is not empty (${relations} table(s), view(s) or sequence(s), e.g. ${examples.join(', ')}). ` +
      'A restore only goes into an empty database: create a new one (e.g. `createdb doorzet_restored`, or add --create) and point DATABASE_URL at it.');
  }
}

/** After a failed restore: drop what the restore created, so the database is empty again and a retry can run. */
export async function emptyRestoredDatabase(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    await dropEverything(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function dropEverything(sql: Sql): Promise<void> {
  await sql.unsafe('drop schema if exists drizzle cascade');
  const kinds: Record<string, string> = { r: 'table', p: 'table', v: 'view', m: 'materialized view', S: 'sequence', f: 'foreign table' };
  for (;;) {
    const [rel] = await sql<{ name: string; kind: string }[]>`
      select c.relname as name, c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f') limit 1`;
    if (!rel) return;
    await sql.unsafe(`drop ${kinds[rel.kind]} if exists public.${quoteIdent(rel.name)} cascade`);
  }
}

function checkHeader(event: DumpEvent | undefined): DumpHeader {
  if (event?.type !== 'header') throw new RestoreError('BAD_DUMP', 'the dump does not start with a header');
  const { header } = event;
  if (header.format !== DUMP_FORMAT || header.version !== DUMP_VERSION) {
    throw new RestoreError('BAD_DUMP', `unsupported dump format ${String(header.format)} v${String(header.version)}`);
  }
  return header;
}

interface OpenCopy {
  table: TableInfo;
  stream: Writable;
  hash: Hash;
  rows: number;
}

/**
 * Restores a logical dump (db/backup/dump.ts) into an EMPTY database: migrations up to the dump's schema
 * version, every table with COPY FROM in one transaction (each table's row count and SHA-256 checked against
 * the dump's trailer), the sequences, then the migrations that came after. On any failure the database is
 * emptied again.
 */
export async function restoreDatabase(url: string, events: AsyncIterable<DumpEvent>): Promise<RestoreSummary> {
  const sql = postgres(url, { max: 2, onnotice: () => undefined });
  const iterator = events[Symbol.asyncIterator]();
  let touched = false;
  try {
    await assertEmptyDatabase(sql);
    const header = checkHeader((await iterator.next()).value as DumpEvent | undefined);
    touched = true;
    await runMigrationsUpTo(url, header.migration.lastCreatedAt);
    const schema = new Map((await listTables(sql)).map((t) => [t.name, t]));

    const restored: TableSummary[] = [];
    const reserved = await sql.reserve();
    try {
      await reserved.unsafe('begin');
      let copy: OpenCopy | null = null;
      let end: TableSummary[] | null = null;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const event = next.value;
        if (end) throw new RestoreError('BAD_DUMP', 'data after the end of the dump');
        if (event.type === 'table') {
          if (copy) throw new RestoreError('BAD_DUMP', `table ${event.name} starts before ${copy.table.name} ended`);
          const target = schema.get(event.name);
          if (!target || target.columns.join(',') !== event.columns.join(',')) {
            throw new RestoreError('SCHEMA_MISMATCH', `table ${event.name} of the dump does not match the migrated schema`);
          }
          const table = { name: event.name, columns: event.columns };
          copy = { table, stream: await reserved.unsafe(`copy ${copyTarget(table)} from stdin`).writable(), hash: createHash('sha256'), rows: 0 };
        } else if (event.type === 'rows') {
          if (!copy) throw new RestoreError('BAD_DUMP', 'rows outside a table');
          copy.hash.update(event.data);
          copy.rows += countNewlines(event.data);
          if (!copy.stream.write(event.data)) await once(copy.stream, 'drain');
        } else if (event.type === 'table-end') {
          if (!copy) throw new RestoreError('BAD_DUMP', 'table end outside a table');
          copy.stream.end();
          await finished(copy.stream);
          const sha256 = copy.hash.digest('hex');
          if (sha256 !== event.sha256 || copy.rows !== event.rows) {
            throw new RestoreError('CHECKSUM_MISMATCH', `table ${copy.table.name}: ${copy.rows} row(s) read, the dump says ${event.rows}; checksums ${sha256 === event.sha256 ? 'match' : 'differ'}`);
          }
          restored.push({ name: copy.table.name, rows: copy.rows, sha256 });
          copy = null;
        } else if (event.type === 'end') {
          end = event.tables;
        } else {
          throw new RestoreError('BAD_DUMP', `unexpected ${event.type} event`);
        }
      }
      if (!end || copy) throw new RestoreError('BAD_DUMP', 'the dump ends before its end marker');
      if (JSON.stringify(end) !== JSON.stringify(restored)) throw new RestoreError('CHECKSUM_MISMATCH', 'the tables restored differ from the dump\'s table list');
      for (const seq of header.sequences) {
        if (seq.lastValue !== null) await reserved`select setval(${`public.${quoteIdent(seq.name)}`}::regclass, ${seq.lastValue}::bigint, true)`;
      }
      await reserved.unsafe('commit');
    } catch (error) {
      await reserved.unsafe('rollback').catch(() => undefined);
      throw error;
    } finally {
      reserved.release();
    }

    const before = await migrationVersion(sql);
    await runMigrations(url);
    const after = await migrationVersion(sql);
    return { snapshotAt: header.snapshotAt, tables: restored, excluded: header.excluded, laterMigrations: after.applied - before.applied };
  } catch (error) {
    if (touched) await dropEverything(sql).catch(() => undefined);
    // Stop the producer (download, decryption) too.
    await iterator.return?.().catch(() => undefined);
    throw error;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
