import type { Db } from '../client';
import { accessAnalytics } from '../schema';

/** One request: the IP already cut to its first 3 bytes, the route pattern (never the raw path with ids). */
export async function recordRequest(db: Db, r: { ipPrefix: string; method: string; route: string; status: number }): Promise<void> {
  await db.insert(accessAnalytics).values(r);
}
