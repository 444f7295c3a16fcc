import type { Sql } from 'postgres';
import { quoteIdent } from './dump-events';

/** What the dump and the restore read about the `public` schema from the system catalogues. */

export interface TableInfo {
  name: string;
  /** Stored columns in table order; generated columns are left out (Postgres computes them again). */
  columns: string[];
}

/**
 * Tables of the public schema, parents before children (foreign keys), so COPY FROM into the same order
 * never violates a constraint. Ties are broken by name, so the order is stable.
 */
export async function listTables(sql: Sql): Promise<TableInfo[]> {
  const tables = await sql<{ name: string }[]>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by c.relname`;
  const columns = await sql<{ table: string; column: string }[]>`
    select c.relname as table, a.attname as column
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`;
  const edges = await sql<{ child: string; parent: string }[]>`
    select cl.relname as child, pa.relname as parent
    from pg_constraint co
    join pg_class cl on cl.oid = co.conrelid join pg_namespace n on n.oid = cl.relnamespace
    join pg_class pa on pa.oid = co.confrelid
    where co.contype = 'f' and n.nspname = 'public' and cl.relname <> pa.relname`;

  const parents = new Map<string, Set<string>>(tables.map((t) => [t.name, new Set<string>()]));
  for (const e of edges) parents.get(e.child)?.add(e.parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.map((t) => t.name).filter((name) => !placed.has(name) && [...parents.get(name)!].every((p) => placed.has(p) || !parents.has(p)));
    if (ready.length === 0) throw new Error('foreign keys form a cycle between tables; the logical dump cannot order them');
    for (const name of ready) {
      ordered.push(name);
      placed.add(name);
    }
  }
  return ordered.map((name) => ({ name, columns: columns.filter((c) => c.table === name).map((c) => c.column) }));
}

export async function listSequences(sql: Sql): Promise<{ name: string; lastValue: string | null }[]> {
  const rows = await sql<{ name: string; lastValue: string | null }[]>`
    select sequencename as name, last_value::text as "lastValue" from pg_sequences where schemaname = 'public' order by sequencename`;
  return rows.map((r) => ({ name: r.name, lastValue: r.lastValue }));
}

/** The last drizzle migration applied (journal `when`), or null when the database has none. */
export async function migrationVersion(sql: Sql): Promise<{ applied: number; lastCreatedAt: number | null }> {
  const [exists] = await sql<{ found: boolean }[]>`select to_regclass('drizzle.__drizzle_migrations') is not null as found`;
  if (!exists?.found) return { applied: 0, lastCreatedAt: null };
  const [row] = await sql<{ applied: number; last: string | null }[]>`
    select count(*)::int as applied, max(created_at)::text as last from drizzle.__drizzle_migrations`;
  return { applied: row?.applied ?? 0, lastCreatedAt: row?.last ? Number(row.last) : null };
}

/** User relations outside the system schemas: an empty database has none. */
export async function countUserRelations(sql: Sql): Promise<{ relations: number; examples: string[] }> {
  const rows = await sql<{ name: string }[]>`
    select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
      and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
    order by 1`;
  return { relations: rows.length, examples: rows.slice(0, 5).map((r) => r.name) };
}

/** `COPY "table" ("a", "b")`: explicit columns, so a restore never depends on column order. */
export const copyTarget = (table: TableInfo) => `${quoteIdent(table.name)} (${table.columns.map(quoteIdent).join(', ')})`;
