import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { loginThrottle } from '../schema';

export interface ThrottleRule {
  /** Failures within `windowMs` that lock the key. */
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** The latest moment any of `keys` stays locked after `now`, or null when none is locked. */
export async function lockedUntil(db: Db, keys: string[], now: Date): Promise<Date | null> {
  const rows = await db.select({ lockedUntil: loginThrottle.lockedUntil }).from(loginThrottle).where(inArray(loginThrottle.key, keys));
  const until = rows.map((r) => r.lockedUntil).filter((d): d is Date => d !== null && d > now);
  return until.length === 0 ? null : new Date(Math.max(...until.map((d) => d.getTime())));
}

/**
 * Counts one failed login for `key` in a single statement (concurrent failures all count): a
 * window older than `windowMs` starts again at 1; reaching `maxFailures` locks the key for `lockMs`.
 */
export async function recordLoginFailure(db: Db, key: string, rule: ThrottleRule, now: Date): Promise<void> {
  const lockEnd = new Date(now.getTime() + rule.lockMs);
  const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const expired = sql`${loginThrottle.windowStartedAt} <= ${ts(new Date(now.getTime() - rule.windowMs))}`;
  const failures = sql`case when ${expired} then 1 else ${loginThrottle.failures} + 1 end`;
  await db.insert(loginThrottle)
    .values({ key, failures: 1, windowStartedAt: now, lockedUntil: rule.maxFailures <= 1 ? lockEnd : null })
    .onConflictDoUpdate({
      target: loginThrottle.key,
      set: {
        failures,
        windowStartedAt: sql`case when ${expired} then ${ts(now)} else ${loginThrottle.windowStartedAt} end`,
        lockedUntil: sql`case when ${failures} >= ${rule.maxFailures} then ${ts(lockEnd)} else ${loginThrottle.lockedUntil} end`,
      },
    });
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, [key]));
}
