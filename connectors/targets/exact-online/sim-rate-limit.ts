/**
 * Exact's two windows per company (division): a minutely limit in clock minutes and a daily limit that
 * resets at midnight (UTC here). Every API response reports both; a 429 reports only the exceeded one.
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
  hit(division: string, nowMs: number): RateVerdict;
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
    hit(division, nowMs) {
      const minuteStart = Math.floor(nowMs / MINUTE) * MINUTE;
      const dayStart = Math.floor(nowMs / limits.dayMs) * limits.dayMs;
      const w = windows.get(division) ?? { minuteStart, minuteCount: 0, dayStart, dayCount: 0 };
      if (w.minuteStart !== minuteStart) Object.assign(w, { minuteStart, minuteCount: 0 });
      if (w.dayStart !== dayStart) Object.assign(w, { dayStart, dayCount: 0 });
      windows.set(division, w);
      const daily = { 'X-RateLimit-Limit': String(limits.daily), 'X-RateLimit-Reset': String(dayStart + limits.dayMs) };
      const minutely = { 'X-RateLimit-Minutely-Limit': String(limits.minutely), 'X-RateLimit-Minutely-Reset': String(minuteStart + MINUTE) };
      if (w.dayCount >= limits.daily) {
        return { allowed: false, exceeded: 'daily', headers: { ...daily, 'X-RateLimit-Remaining': '0' } };
      }
      if (w.minuteCount >= limits.minutely) {
        return { allowed: false, exceeded: 'minutely', headers: { ...minutely, 'X-RateLimit-Minutely-Remaining': '0' } };
      }
      w.minuteCount += 1;
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
