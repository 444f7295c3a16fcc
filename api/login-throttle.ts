import { hashToken } from '../crypto/tokens';
import { clearLoginFailures, lockedUntil, recordLoginFailure } from '../db/queries/login-throttle';
import { normaliseUserEmail } from '../db/queries/users';
import { tryAnonymiseIp } from '../domain/ip-address';
import type { ApiContext } from './deps';
import { ApiError } from './errors';

export interface ThrottleKeys {
  account: string;
  ip: string | null;
}

/** Throttle keys hold no readable personal data: a hash of the e-mail address, and the IP cut to its first 3 bytes. */
export async function throttleKeys(email: string, ip: string | null): Promise<ThrottleKeys> {
  const anonymised = ip ? tryAnonymiseIp(ip) : null;
  return { account: `account:${await hashToken(normaliseUserEmail(email))}`, ip: anonymised ? `ip:${anonymised}` : null };
}

const keysOf = (k: ThrottleKeys) => (k.ip ? [k.account, k.ip] : [k.account]);

/** 429 with Retry-After while the account or the network is locked. */
export async function assertNotThrottled(ctx: ApiContext, keys: ThrottleKeys): Promise<void> {
  const now = ctx.now();
  const until = await lockedUntil(ctx.db, keysOf(keys), now);
  if (!until) return;
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  throw new ApiError(429, 'TOO_MANY_ATTEMPTS', 'Too many failed logins; try again later.', undefined, { 'Retry-After': String(seconds) });
}

export async function recordFailure(ctx: ApiContext, keys: ThrottleKeys): Promise<void> {
  const now = ctx.now();
  await recordLoginFailure(ctx.db, keys.account, ctx.throttle.account, now);
  if (keys.ip) await recordLoginFailure(ctx.db, keys.ip, ctx.throttle.ip, now);
}

/** A good login clears the account's count; the network's stays, or one valid account would reset it. */
export async function recordSuccess(ctx: ApiContext, keys: ThrottleKeys): Promise<void> {
  await clearLoginFailures(ctx.db, keys.account);
}
