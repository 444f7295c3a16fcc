import { describe, expect, it } from 'vitest';
import { endOfLocalDay, localDay } from './business-day';

describe('business days in a time zone', () => {
  it('puts a sale just after local midnight on the new local day', () => {
    expect(localDay('2026-06-12T22:30:00Z', 'Europe/Amsterdam')).toBe('2026-06-13');
    expect(localDay('2026-06-12T21:59:59Z', 'Europe/Amsterdam')).toBe('2026-06-12');
    expect(localDay('2026-06-12T22:30:00Z', 'UTC')).toBe('2026-06-12');
  });

  it('ends a local day at the next local midnight, across daylight-saving changes', () => {
    expect(endOfLocalDay('2026-06-12', 'Europe/Amsterdam')).toBe('2026-06-12T22:00:00.000Z');
    expect(endOfLocalDay('2026-01-12', 'Europe/Amsterdam')).toBe('2026-01-12T23:00:00.000Z');
    // 29 March 2026: clocks go forward at 02:00; the day ends at 22:00 UTC.
    expect(endOfLocalDay('2026-03-29', 'Europe/Amsterdam')).toBe('2026-03-29T22:00:00.000Z');
    expect(endOfLocalDay('2026-10-25', 'Europe/Amsterdam')).toBe('2026-10-25T23:00:00.000Z');
    expect(endOfLocalDay('2026-06-12', 'America/New_York')).toBe('2026-06-13T04:00:00.000Z');
  });
});
