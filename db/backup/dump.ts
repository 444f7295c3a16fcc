import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Sql } from 'postgres';
import type { Db } from '../client';
import { copyTarget, listSequences, listTables, migrationVersion } from './catalog';
import { countNewlines, DUMP_FORMAT, DUMP_VERSION, type DumpEvent, type TableSummary } from './dump-events';

/** COPY sends one message per row; rows are gathered into events of about this size. */
const ROWS_EVENT_BYTES = 1024 * 1024;

/**
 * A logical dump of the public schema written by doorzet itself: every table read with COPY ... TO STDOUT
 * inside one REPEATABLE READ, READ ONLY transaction, so all tables come from the same snapshot while
 * writes go on. Works against any Postgres major version without a pg_dump binary. Yields events; the
 * caller serialises them. `exclude` names tables left out (their names still go into the header).
 */
export async function* dumpDatabase(sql: Sql, options: { exclude: readonly string[] }): AsyncGenerator<DumpEvent> {
  const reserved = await sql.reserve();
  let open = false;
  try {
    await reserved.unsafe('begin isolation level repeatable read read only');
    open = true;
    // The first query fixes the snapshot; now() is the transaction's start, i.e. the snapshot time.
    const [clock] = await reserved<{ ms: number; version: string }[]>`select (extract(epoch from now()) * 1000)::float8 as ms, current_setting('server_version') as version`;
    const tables = (await listTables(reserved)).filter((t) => !options.exclude.includes(t.name));
    yield {
      type: 'header',
      header: {
        format: DUMP_FORMAT, version: DUMP_VERSION, snapshotAt: new Date(clock!.ms).toISOString(), serverVersion: clock!.version,
        migration: await migrationVersion(reserved), sequences: await listSequences(reserved), excluded: [...options.exclude],
      },
    };
    const summaries: TableSummary[] = [];
    for (const table of tables) {
      yield { type: 'table', name: table.name, columns: table.columns };
      const hash = createHash('sha256');
      let rows = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const stream: Readable = await reserved.unsafe(`copy ${copyTarget(table)} to stdout`).readable();
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          hash.update(chunk);
          rows += countNewlines(chunk);
          pending.push(chunk);
          pendingBytes += chunk.length;
          if (pendingBytes >= ROWS_EVENT_BYTES) {
            yield { type: 'rows', data: Buffer.concat(pending, pendingBytes) };
            pending = [];
            pendingBytes = 0;
          }
        }
      } finally {
        resumeConnection(stream);
      }
      if (pendingBytes > 0) yield { type: 'rows', data: Buffer.concat(pending, pendingBytes) };
      const summary = { name: table.name, rows, sha256: hash.digest('hex') };
      summaries.push(summary);
      yield { type: 'table-end', rows, sha256: summary.sha256 };
    }
    yield { type: 'end', tables: summaries };
  } finally {
    if (open) await reserved.unsafe('rollback').catch(() => undefined);
    reserved.release();
  }
}

/** The postgres.js client under a drizzle handle (drizzle keeps it as `$client`): COPY needs the raw client. */
export function sqlOf(db: Db): Sql {
  return (db as unknown as { $client: Sql }).$client;
}

/**
 * postgres.js 3.4.9 pauses the connection's socket when a COPY row fills the stream's buffer, and resumes it
 * only from the stream's read(). When that row and CopyDone arrive in one network chunk, the stream ends with
 * the socket still paused and the next query on the connection waits forever (porsager/postgres#499, fix
 * proposed in PR #1016). The stream's read() is exactly `socket.resume()`: calling it once the COPY is over
 * makes the connection usable again (a no-op when it was not paused).
 */
function resumeConnection(stream: Readable): void {
  stream._read(0);
}
