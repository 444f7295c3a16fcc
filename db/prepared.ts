import type { Db } from './client';

/**
 * One prepared statement per pool (a Db), built on first use. For hot reads: drizzle builds the SQL once
 * instead of per call, and Postgres parses and plans it once per connection (drizzle's unnamed queries are
 * parsed every time). A CPU profile of the API under load showed both among its largest costs.
 */
export function preparedPerDb<T>(build: (db: Db) => T): (db: Db) => T {
  const built = new WeakMap<Db, T>();
  return (db) => {
    let value = built.get(db);
    if (value === undefined) built.set(db, (value = build(db)));
    return value;
  };
}
