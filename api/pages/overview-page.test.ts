import { describe, expect, it } from 'vitest';
import { queueEtaMs } from './overview-page';

describe('queueEtaMs', () => {
  it('is nothing for an empty queue', () => {
    expect(queueEtaMs(0, { limit: 150, windowMs: 300_000 })).toBe(0);
  });
  it('counts whole windows at up to three calls a sale', () => {
    // 50 sales × 3 calls = 150 calls: one 5-minute window; 51 sales need a second one.
    expect(queueEtaMs(50, { limit: 150, windowMs: 300_000 })).toBe(300_000);
    expect(queueEtaMs(51, { limit: 150, windowMs: 300_000 })).toBe(600_000);
  });
});
