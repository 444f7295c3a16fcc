import type { TargetTaxRate } from '../connectors/ports';

/** Tax rates change rarely; reading them once per tenant every few minutes saves a call per sale. */
export function createTaxRateCache(ttlMs = 5 * 60_000, now: () => number = Date.now) {
  const entries = new Map<string, { rates: Promise<TargetTaxRate[]>; expiresAt: number }>();
  return {
    get(tenantId: string, load: () => Promise<TargetTaxRate[]>): Promise<TargetTaxRate[]> {
      const hit = entries.get(tenantId);
      if (hit && hit.expiresAt > now()) return hit.rates;
      const rates = load();
      entries.set(tenantId, { rates, expiresAt: now() + ttlMs });
      rates.catch(() => entries.delete(tenantId));
      return rates;
    },
  };
}
