import { describe, expect, it } from 'vitest';
import { prepareSale } from '../../../domain/prepare-sale';
import { defaultTenantSettings } from '../../../domain/tenant-settings';
import { generateOrder } from './generate-order';
import type { WooMarket } from './generate-order';
import { saleFromWooPayload } from './payload';

const expected: Record<WooMarket, { regime: string; currency: string; vatCountry: string }> = {
  nl: { regime: 'domestic', currency: 'EUR', vatCountry: 'NL' },
  'oss-de': { regime: 'oss', currency: 'EUR', vatCountry: 'DE' },
  'oss-be': { regime: 'oss', currency: 'EUR', vatCountry: 'BE' },
  'b2b-be': { regime: 'reverse-charge', currency: 'EUR', vatCountry: 'BE' },
  'export-us': { regime: 'export', currency: 'USD', vatCountry: 'US' },
  'export-gb': { regime: 'export', currency: 'GBP', vatCountry: 'GB' },
};

describe('the order generator (simulator) in every market', () => {
  it.each(Object.keys(expected) as WooMarket[])('%s orders book to the cent of what was paid, with gift cards sold and redeemed', (market) => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const giftCard = seed % 3 === 0 ? 'sold' as const : seed % 3 === 1 ? 'redeemed' as const : undefined;
      const order = generateOrder({ id: 7000 + seed, seed, market, giftCard, now: new Date('2025-10-01T10:00:00Z') });
      const prepared = prepareSale(saleFromWooPayload(order), defaultTenantSettings(), { currencies: 'any' });
      expect(prepared.kind, JSON.stringify(prepared.kind === 'rejected' ? prepared.issues : null)).toBe('bookable');
      if (prepared.kind !== 'bookable') return;
      const paid = Math.round(Number(order.total) * 100) + Math.round((order.gift_cards?.[0]?.amount ?? 0) * 100);
      expect(prepared.sale.totalInclCents).toBe(paid);
      expect(prepared.decision.regime).toBe(expected[market].regime);
      expect(prepared.sale.currency).toBe(expected[market].currency);
      const supplies = prepared.sale.lines.filter((l) => l.kind !== 'gift-card' && l.kind !== 'rounding');
      expect(new Set(supplies.map((l) => l.vatCountry))).toEqual(new Set([expected[market].vatCountry]));
      if (giftCard === 'sold') expect(prepared.sale.lines.some((l) => l.kind === 'gift-card' && l.regime === 'outside-scope')).toBe(true);
      if (giftCard === 'redeemed') expect(prepared.sale.payments).toHaveLength(1);
    }
  });
});
