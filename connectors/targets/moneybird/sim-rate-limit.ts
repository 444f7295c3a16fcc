import { moneybirdRateLimit } from './rate-limit';

// Kept here too for existing importers; the worker's budget should import ./rate-limit.
export { moneybirdRateLimit };

/**
 * Moneybird's limit (150 requests per 5 minutes) as a fixed window that starts with its first
 * request; `RateLimit-Reset` is the window's end in UTC epoch seconds.
 */
export interface RateLimitVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetEpochSeconds: number;
  /** Exact end of the window (ms since epoch), for Retry-After. */
  resetAtMs: number;
}

export interface RateLimitSettings {
  limit: number;
  windowMs: number;
}

export interface SimRateLimiter {
  hit: (nowMs: number) => RateLimitVerdict;
  configure: (settings: Partial<RateLimitSettings>) => void;
  /** Starts a fresh window. */
  reset: () => void;
  settings: () => Readonly<RateLimitSettings>;
}

export function createRateLimiter(initial: Partial<RateLimitSettings> = {}): SimRateLimiter {
  let settings: RateLimitSettings = { ...moneybirdRateLimit, ...initial };
  let windowStart: number | null = null;
  let count = 0;
  return {
    hit(nowMs) {
      if (windowStart === null || nowMs >= windowStart + settings.windowMs) {
        windowStart = nowMs;
        count = 0;
      }
      count += 1;
      return {
        allowed: count <= settings.limit,
        limit: settings.limit,
        remaining: Math.max(0, settings.limit - count),
        resetEpochSeconds: Math.ceil((windowStart + settings.windowMs) / 1000),
        resetAtMs: windowStart + settings.windowMs,
      };
    },
    configure(patch) {
      settings = { ...settings, ...patch };
    },
    reset() {
      windowStart = null;
      count = 0;
    },
    settings: () => settings,
  };
}
