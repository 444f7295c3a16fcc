/**
 * A logical dump as a sequence of events: one header, then per table its columns, its rows as
 * Postgres COPY text, and a trailer with the row count and SHA-256 of those bytes; then an end event.
 * The events are serialised (activities/backups/dump-format.ts), compressed and encrypted for the store.
 */

export const DUMP_FORMAT = 'doorzet-logical-dump';
export const DUMP_VERSION = 1;

export interface DumpHeader {
  format: typeof DUMP_FORMAT;
  version: typeof DUMP_VERSION;
  /** The moment of the REPEATABLE READ snapshot every table was read in (server clock). */
  snapshotAt: string;
  serverVersion: string;
  /** The schema version: the last drizzle migration applied (its journal `when`), or null for none. */
  migration: { applied: number; lastCreatedAt: number | null };
  /** Sequence positions (identity columns), restored with setval. */
  sequences: { name: string; lastValue: string | null }[];
  /** Tables deliberately left out of every backup (and why, in the README). */
  excluded: string[];
}

export interface TableSummary {
  name: string;
  rows: number;
  sha256: string;
}

export type DumpEvent =
  | { type: 'header'; header: DumpHeader }
  | { type: 'table'; name: string; columns: string[] }
  | { type: 'rows'; data: Uint8Array }
  | { type: 'table-end'; rows: number; sha256: string }
  | { type: 'end'; tables: TableSummary[] };

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** COPY text format writes one line per row (newlines inside values are escaped), so rows = newline bytes. */
export function countNewlines(data: Uint8Array): number {
  let n = 0;
  let i = -1;
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  while ((i = buffer.indexOf(10, i + 1)) !== -1) n++;
  return n;
}
