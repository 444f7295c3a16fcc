/**
 * A tiny per-process cache with a time to live. Status pages poll; a query to the workflow costs a
 * round trip through Temporal to the worker, so answers a second old are served from here.
 */
export function createTtlCache<T>(ttlMs: number, now: () => number = Date.now) {
  const entries = new Map<string, { value: Promise<T>; expiresAt: number }>();
  return {
    get(key: string, load: () => Promise<T>): Promise<T> {
      const hit = entries.get(key);
      if (hit && hit.expiresAt > now()) return hit.value;
      const value = load();
      entries.set(key, { value, expiresAt: now() + ttlMs });
      // A failed load is not remembered: the next request asks again.
      value.catch(() => entries.delete(key));
      return value;
    },
    forget(key: string) {
      entries.delete(key);
    },
  };
}
