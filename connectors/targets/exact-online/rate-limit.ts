import { ConnectorError } from '../../errors';
import type { RateLimit } from '../../vendor';

/**
 * Exact Online's published limits per app and company (division): 60 calls a minute and 5,000 a day
 * (support.exactonline.com knowledge base, "API limits"). The article fixes the windows to the clock: the
 * minute is a clock minute, and the day's calls "will be rejected until the rate limit window is reset at
 * the start of the following day", announced in `X-RateLimit-Reset` (UTC epoch milliseconds). It does not
 * say in which time zone a day starts. doorzet's budget therefore keeps both as SLIDING windows (a minute,
 * 24 hours): no 24 hours hold more than 5,000 of our calls, so no calendar day can, wherever it starts. A
 * day budget on UTC days would overshoot if Exact's day began at Dutch midnight (and the reverse); the price
 * is that calls spent late one day still count early the next. A 429 waits for the reset Exact names.
 */
export const exactMinutelyLimit: RateLimit = { limit: 60, windowMs: 60_000 };
export const exactDailyLimit: RateLimit = { limit: 5_000, windowMs: 86_400_000 };
export const exactRateLimits: readonly RateLimit[] = [exactMinutelyLimit, exactDailyLimit];

/** The response headers Exact reports both windows in; the resets are epoch milliseconds. */
export const RATE_LIMIT_HEADERS = {
  dailyLimit: 'x-ratelimit-limit',
  dailyRemaining: 'x-ratelimit-remaining',
  dailyReset: 'x-ratelimit-reset',
  minutelyLimit: 'x-ratelimit-minutely-limit',
  minutelyRemaining: 'x-ratelimit-minutely-remaining',
  minutelyReset: 'x-ratelimit-minutely-reset',
} as const;

const intHeader = (headers: Headers, name: string): number | null => {
  const value = headers.get(name)?.trim();
  return value && /^\d+$/.test(value) ? Number(value) : null;
};

export type ExceededWindow = 'minutely' | 'daily';

/**
 * Which limit a 429 is about and when it resets. Exact sends only the headers of the window that was
 * exceeded on a 429 (picqer/exact-php-client#646); a window with nothing remaining is the one.
 */
export function exceededWindow(headers: Headers, nowMs: number): { window: ExceededWindow; limit: number | null; resetAtMs: number | null } {
  const minutely = { remaining: intHeader(headers, RATE_LIMIT_HEADERS.minutelyRemaining), reset: intHeader(headers, RATE_LIMIT_HEADERS.minutelyReset), limit: intHeader(headers, RATE_LIMIT_HEADERS.minutelyLimit) };
  const daily = { remaining: intHeader(headers, RATE_LIMIT_HEADERS.dailyRemaining), reset: intHeader(headers, RATE_LIMIT_HEADERS.dailyReset), limit: intHeader(headers, RATE_LIMIT_HEADERS.dailyLimit) };
  if (daily.remaining === 0 && (minutely.remaining === null || minutely.remaining > 0)) return { window: 'daily', limit: daily.limit, resetAtMs: daily.reset };
  if (minutely.remaining === 0 || minutely.reset !== null) return { window: 'minutely', limit: minutely.limit, resetAtMs: minutely.reset };
  // No header at all: assume the short window and a minute's wait (the bursting limit is the common one).
  return { window: 'minutely', limit: null, resetAtMs: nowMs + 60_000 };
}

/** A 429 as the failure the sale journey acts on: which limit, and a wait until its reset. */
export function rateLimitedError(where: string, headers: Headers, nowMs = Date.now()): ConnectorError {
  const { window, limit, resetAtMs } = exceededWindow(headers, nowMs);
  // A second past the reset: our clock and Exact's differ a little.
  const waitMs = Math.max(1_000, (resetAtMs ?? nowMs + 60_000) - nowMs + 1_000);
  const what = window === 'daily' ? `daily limit${limit ? ` of ${limit} calls` : ''}` : `minutely limit${limit ? ` of ${limit} calls` : ''}`;
  return new ConnectorError('RATE_LIMITED', `${where}: HTTP 429 (${what} reached; resets in ${Math.ceil(waitMs / 1000)} s)`, {
    status: 429,
    retryAfterMs: waitMs,
    issues: [{ code: window === 'daily' ? 'daily_limit' : 'minutely_limit', path: 'rateLimit', message: `${what} reached` }],
  });
}
