/** Moneybird's published limit: 150 requests per 5 minutes for the whole platform, not raisable. */
export const moneybirdRateLimit = { limit: 150, windowMs: 5 * 60_000 } as const;

// Values below this cannot be an epoch in seconds (it is 2001-09-09): read them as seconds to wait.
const epochFloor = 1_000_000_000;

function waitFor(value: string | null, nowMs: number): number | undefined {
  const text = value?.trim();
  if (!text || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= epochFloor ? n * 1000 - nowMs : n * 1000;
}

/**
 * Milliseconds until Moneybird accepts calls again, from a 429's headers. The spec (responses
 * `429_too_many_requests`) defines both `Retry-After` and `RateLimit-Reset` as "the time at which
 * the current rate limit window resets in UTC epoch seconds", not as seconds to wait. We take the
 * later of the two; a small value is still read as seconds (in case Moneybird ever sends the IETF
 * form), and the wait is kept within one window (a skewed clock must not stall a sale for long).
 */
export function moneybirdRetryAfterMs(headers: Headers, nowMs = Date.now()): number | undefined {
  const waits = [waitFor(headers.get('retry-after'), nowMs), waitFor(headers.get('ratelimit-reset'), nowMs)].filter((w): w is number => w !== undefined);
  if (waits.length === 0) return undefined;
  return Math.min(moneybirdRateLimit.windowMs, Math.max(0, ...waits));
}
