import { clearLoginFailures, lockedUntil, recordLoginFailure } from '../db/queries/login-throttle';
import { tryAnonymiseIp } from '../domain/ip-address';
import type { ApiContext } from './deps';
import { ApiError } from './errors';

/**
 * Login throttling that a stranger cannot turn against the real user:
 * - per matched account: only attempts that name the right e-mail AND the right 32-character account key
 *   count (someone who has both is no stranger); a locked account refuses every attempt until it unlocks;
 * - per network (/24): every failure counts, but a locked network refuses only attempts whose e-mail and
 *   account key match no account. A correct login from a locked network (an office behind one address,
 *   where someone is guessing) still gets in.
 * Keys hold no readable personal data: the user's id, and the IP cut to its first 3 bytes.
 */
export interface ThrottleKeys {
  /** Set once the e-mail and account key matched an account. */
  account: string | null;
  ip: string | null;
}

export function networkKey(ip: string | null): string | null {
  const anonymised = ip ? tryAnonymiseIp(ip) : null;
  return anonymised ? `ip:${anonymised}` : null;
}

export const accountKeyOf = (userId: string) => `account:${userId}`;

function tooMany(now: Date, until: Date): ApiError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new ApiError(429, 'TOO_MANY_ATTEMPTS', 'Too many failed logins; try again later.', undefined, { 'Retry-After': String(seconds) });
}

/** 429 with Retry-After while `key` is locked. */
export async function assertUnlocked(ctx: ApiContext, key: string | null): Promise<void> {
  if (!key) return;
  const now = ctx.now();
  const until = await lockedUntil(ctx.db, [key], now);
  if (until) throw tooMany(now, until);
}

export async function recordFailure(ctx: ApiContext, keys: ThrottleKeys): Promise<void> {
  const now = ctx.now();
  if (keys.account) await recordLoginFailure(ctx.db, keys.account, ctx.throttle.account, now);
  if (keys.ip) await recordLoginFailure(ctx.db, keys.ip, ctx.throttle.ip, now);
}

/** A good login clears the account's count; the network's stays, or one valid account would reset it. */
export async function recordSuccess(ctx: ApiContext, keys: ThrottleKeys): Promise<void> {
  if (keys.account) await clearLoginFailures(ctx.db, keys.account);
}

/** Per tenant: the connection test calls the vendor, so it may not be used to spend the vendor's budget. */
export async function takeConnectionTest(ctx: ApiContext, tenantId: string): Promise<void> {
  const key = `connection-test:${tenantId}`;
  const now = ctx.now();
  const until = await lockedUntil(ctx.db, [key], now);
  if (until) {
    const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
    throw new ApiError(429, 'TOO_MANY_TESTS', 'Too many connection tests for this tenant; try again later.', undefined, { 'Retry-After': String(seconds) });
  }
  await recordLoginFailure(ctx.db, key, ctx.throttle.connectionTest, now);
}
