import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesSource } from '../../ports';
import { booked } from './booked.test-helper';
import { createShopifySource } from './client';
import { startShopifySimulator, type ShopifySimulator } from './simulator';

let sim: ShopifySimulator;
let source: SalesSource;
beforeAll(async () => {
  sim = await startShopifySimulator({ seed: 5 });
  source = createShopifySource({ baseUrl: sim.url, accessToken: sim.accessToken });
});
afterAll(async () => sim?.stop());

const cents = (amount: string) => Math.round(Number(amount) * 100);

describe('Shopify client against the simulator: tips (TipSale), duties, additional fees and company locations', () => {
  it('reads a tip, a duty and an additional fee through the documented fields and books them to the cent', async () => {
    const order = sim.createOrder({ lineCount: 2, discountCode: 'WELKOM10', tipCents: 350, dutyCents: 1_275, additionalFee: { name: 'Importkosten', cents: 605, rateBp: 2_100 } });
    const sale = booked(await source.getSale(order.legacyResourceId));
    expect(sale.totalInclCents).toBe(cents(order.totalPriceSet.presentmentMoney.amount));
    expect(sale.lines.filter((l) => l.kind === 'tip')).toEqual([expect.objectContaining({ totalExclCents: 350, vatCents: 0, regime: 'outside-scope' })]);
    expect(sale.lines.filter((l) => l.kind === 'duty')).toEqual([expect.objectContaining({ totalExclCents: 1_275, vatCents: 0, regime: 'outside-scope' })]);
    expect(sale.lines.filter((l) => l.kind === 'fee')).toEqual([expect.objectContaining({ description: 'Importkosten', totalExclCents: 500, vatCents: 105, vatRateBp: 2_100 })]);
  });

  it('reads the company location\'s tax registration id as the buyer\'s VAT number', async () => {
    const order = sim.createOrder({ lineCount: 1, company: { name: 'Brouwerij De Kat BV', vatNumber: 'BE0123456749', country: 'BE' } });
    const sale = booked(await source.getSale(order.legacyResourceId));
    expect(sale.debtor).toMatchObject({ vatNumber: 'BE0123456749', company: 'Brouwerij De Kat BV' });
    expect(sale.regime).toBe('reverse-charge');
  });
});
