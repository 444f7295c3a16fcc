/**
 * Exact's two windows per company (division), as its knowledge base article "API limits" describes them:
 * a minutely limit in clock minutes ("60 calls between 10:00:00 and 10:00:40 ... rejected ... until
 * 10:01:00") and a daily limit that is "reset at the start of the following day", announced in
 * `X-RateLimit-Reset` as UTC epoch milliseconds. The article does not name the day's time zone; the
 * simulator starts days at midnight UTC (one observed reset, picqer/exact-php-client#646, was 00:00 UTC).
 * Requests without a company code in the URL (e.g. `/api/v1/current/Me`) "are not counted as the daily
 * limit": they count in the minute only (the article does not say; the stricter reading) and carry only
 * the minutely headers. A 429 reports only the exceeded window (observed, picqer/exact-php-client#646).
 */
export interface SimRateLimits {
  minutely: number;
  daily: number;
  /** The daily window's length: a day (from midnight UTC); a bench shortens it to see the day limit bind. */
  dayMs: number;
}

export interface RateVerdict {
  allowed: boolean;
  exceeded: 'minutely' | 'daily' | null;
  /** Headers for the response (all six when allowed; the exceeded window's three on a 429). */
  headers: Record<string, string>;
}

export interface SimRateLimiter {
  /** `companyInUrl` false: a request like `/current/Me`, which the daily limit does not count. */
  hit(division: string, nowMs: number, companyInUrl?: boolean): RateVerdict;
  configure(limits: Partial<SimRateLimits>): void;
  limits(): Readonly<SimRateLimits>;
  reset(): void;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

export function createSimRateLimiter(initial: Partial<SimRateLimits> = {}): SimRateLimiter {
  let limits: SimRateLimits = { minutely: 60, daily: 5_000, dayMs: DAY, ...initial };
  const windows = new Map<string, { minuteStart: number; minuteCount: number; dayStart: number; dayCount: number }>();
  return {
    hit(division, nowMs, companyInUrl = true) {
      const minuteStart = Math.floor(nowMs / MINUTE) * MINUTE;
      const dayStart = Math.floor(nowMs / limits.dayMs) * limits.dayMs;
      const w = windows.get(division) ?? { minuteStart, minuteCount: 0, dayStart, dayCount: 0 };
      if (w.minuteStart !== minuteStart) Object.assign(w, { minuteStart, minuteCount: 0 });
      if (w.dayStart !== dayStart) Object.assign(w, { dayStart, dayCount: 0 });
      windows.set(division, w);
      const daily = { 'X-RateLimit-Limit': String(limits.daily), 'X-RateLimit-Reset': String(dayStart + limits.dayMs) };
      const minutely = { 'X-RateLimit-Minutely-Limit': String(limits.minutely), 'X-RateLimit-Minutely-Reset': String(minuteStart + MINUTE) };
      if (companyInUrl && w.dayCount >= limits.daily) {
        return { allowed: false, exceeded: 'daily', headers: { ...daily, 'X-RateLimit-Remaining': '0' } };
      }
      if (w.minuteCount >= limits.minutely) {
        return { allowed: false, exceeded: 'minutely', headers: { ...minutely, 'X-RateLimit-Minutely-Remaining': '0' } };
      }
      w.minuteCount += 1;
      const minutelyLeft = { ...minutely, 'X-RateLimit-Minutely-Remaining': String(limits.minutely - w.minuteCount) };
      if (!companyInUrl) return { allowed: true, exceeded: null, headers: minutelyLeft };
      w.dayCount += 1;
      return {
        allowed: true,
        exceeded: null,
        headers: {
          ...daily, 'X-RateLimit-Remaining': String(limits.daily - w.dayCount),
          ...minutely, 'X-RateLimit-Minutely-Remaining': String(limits.minutely - w.minuteCount),
        },
      };
    },
    configure(patch) {
      limits = { ...limits, ...patch };
    },
    limits: () => limits,
    reset: () => windows.clear(),
  };
}
