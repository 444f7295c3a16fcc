/**
 * Calendar days in a time zone, for tills: a café's Saturday ends at midnight in Amsterdam, not in UTC.
 * Pure (Intl only), so workflows may use it too.
 */

function wallClock(atMs: number, timeZone: string): { y: number; m: number; d: number; h: number; min: number; s: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(atMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? '0');
  return { y: get('year'), m: get('month'), d: get('day'), h: get('hour'), min: get('minute'), s: get('second') };
}

/** Milliseconds the zone is ahead of UTC at `atMs`. */
function offsetMs(atMs: number, timeZone: string): number {
  const w = wallClock(atMs, timeZone);
  return Date.UTC(w.y, w.m - 1, w.d, w.h, w.min, w.s) - Math.floor(atMs / 1000) * 1000;
}

/** The calendar day (YYYY-MM-DD) of an instant in `timeZone`. */
export function localDay(iso: string, timeZone: string): string {
  const w = wallClock(Date.parse(iso), timeZone);
  return `${String(w.y).padStart(4, '0')}-${String(w.m).padStart(2, '0')}-${String(w.d).padStart(2, '0')}`;
}

/** The instant (ISO, UTC) at which `day` (YYYY-MM-DD) ends in `timeZone`: the next local midnight. */
export function endOfLocalDay(day: string, timeZone: string): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const midnightAsUtc = Date.UTC(y, m - 1, d + 1);
  // Two passes settle the offset across a daylight-saving change on that night.
  let at = midnightAsUtc - offsetMs(midnightAsUtc, timeZone);
  at = midnightAsUtc - offsetMs(at, timeZone);
  return new Date(at).toISOString();
}

export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}
