import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client';

/**
 * The forms a planted value could take in a dump: as it is, URL-encoded, hex (Postgres bytea) and base64
 * at each of the three byte alignments (a value inside a larger base64 blob).
 */
export function encodedForms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const base64 = [0, 1, 2].map((pad) => {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    // Keep only the characters made entirely of the value's bits, whatever bytes surround it.
    const start = Math.ceil((pad * 8) / 6);
    const end = Math.floor(((pad + bytes.length) * 8) / 6);
    return encoded.slice(start, end);
  });
  return [value, encodeURIComponent(value), bytes.toString('hex'), ...base64];
}

/** Which planted values (by name) appear in `text` in any encoded form. */
export function findPlanted(text: string, planted: Record<string, string>): string[] {
  return Object.entries(planted).filter(([, value]) => encodedForms(value).some((form) => text.includes(form))).map(([name]) => name);
}

/** JSON with every byte array shown as UTF-8 text and base64, so plaintext payload bytes become searchable. */
export function dumpWithBytes(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return `${Buffer.from(v).toString('utf8')} ${Buffer.from(v).toString('base64')}`;
    if (typeof v === 'bigint') return v.toString();
    return v;
  });
}

/** Every row of every table in the public schema, as JSON text per table (bytea shows as hex). */
export async function dumpTables(db: Db): Promise<Map<string, string>> {
  const tables = await db.execute<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  const dump = new Map<string, string>();
  for (const { table_name: name } of tables) {
    const [row] = await db.execute<{ rows: string | null }>(sql`select json_agg(t)::text as rows from ${sql.identifier(name)} t`);
    dump.set(name, row?.rows ?? '');
  }
  return dump;
}
