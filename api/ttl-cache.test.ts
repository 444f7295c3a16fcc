import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache';

describe('createTtlCache', () => {
  it('serves a value until it expires, then loads again', async () => {
    let now = 0;
    let loads = 0;
    const cache = createTtlCache<number>(1_000, () => now);
    const load = async () => ++loads;
    expect(await cache.get('t1', load)).toBe(1);
    now = 999;
    expect(await cache.get('t1', load)).toBe(1);
    now = 1_000;
    expect(await cache.get('t1', load)).toBe(2);
  });

  it('forgets on demand and never remembers a failure', async () => {
    const cache = createTtlCache<string>(60_000, () => 0);
    await expect(cache.get('t1', async () => { throw new Error('temporal down'); })).rejects.toThrow('temporal down');
    await new Promise((r) => setTimeout(r, 0));
    expect(await cache.get('t1', async () => 'fresh')).toBe('fresh');
    cache.forget('t1');
    expect(await cache.get('t1', async () => 'after signal')).toBe('after signal');
  });
});
