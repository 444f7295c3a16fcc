import type { Db } from '../client';
import { accessAnalytics } from '../schema';

export interface AccessRow { ipPrefix: string; method: string; route: string; status: number; at?: Date }

/** One request: the IP already cut to its first 3 bytes, the route pattern (never the raw path with ids). */
export async function recordRequest(db: Db, r: AccessRow): Promise<void> {
  await db.insert(accessAnalytics).values(r);
}

/** Many requests in one statement (the API's buffer flushes them about once a second). */
export async function recordRequests(db: Db, rows: readonly AccessRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(accessAnalytics).values([...rows]);
}
