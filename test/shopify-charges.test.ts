import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimOrder } from '../connectors/sources/shopify/sim-types';
import { syncedSales } from '../db/schema';
import { parseDecimalToCents } from '../domain/money';
import { startShopifyFixture, type ShopifyFixture } from './support/shopify-shop';
import { eventually } from './support/tenant';

const paid = (order: SimOrder) => parseDecimalToCents(order.totalPriceSet.presentmentMoney.amount);
const reference = (order: SimOrder) => order.name.replace('#', '');

describe('Shopify orders with a tip, a duty and an additional fee, and B2B orders of EU company locations, to Moneybird', () => {
  let shop: ShopifyFixture;

  beforeAll(async () => {
    shop = await startShopifyFixture(33);
    await shop.startSync();
  });
  afterAll(async () => shop?.stop());

  const row = async (externalId: string) => {
    const [r] = await shop.database.db.select().from(syncedSales).where(and(eq(syncedSales.tenantId, shop.tenant.tenantId), eq(syncedSales.externalId, externalId)));
    return r;
  };
  const rateName = (id: string) => shop.moneybird.taxRates.find((r) => r.id === id)?.name;
  const accountName = (id: string | null) => shop.moneybird.ledgerAccounts.find((a) => a.id === id)?.name;

  it('books the tip and the duty outside the scope of VAT and the fee at its rate, to the cent of what the customer paid', async () => {
    const order = shop.shopify.createOrder({ lineCount: 2, discountCode: null, tipCents: 350, dutyCents: 1_275, additionalFee: { name: 'Importkosten', cents: 605, rateBp: 2_100 } });
    await eventually(async () => (await row(order.legacyResourceId))?.state === 'posted', { what: 'the order with a tip, a duty and a fee posted' });
    const invoices = shop.moneybird.invoicesByReference(reference(order));
    expect(invoices).toHaveLength(1);
    const invoice = invoices[0]!;
    expect(parseDecimalToCents(invoice.total_price_incl_tax)).toBe(paid(order));
    const detail = (text: string) => invoice.details.find((d) => d.description.includes(text));
    const tip = detail('Fooi')!;
    expect(parseDecimalToCents(tip.price)).toBe(350);
    expect(rateName(tip.tax_rate_id)).toBe('Geen btw');
    expect(accountName(tip.ledger_account_id)).toBe('Af te dragen fooien');
    const duty = detail('Invoerrechten')!;
    expect(parseDecimalToCents(duty.price)).toBe(1_275);
    expect(rateName(duty.tax_rate_id)).toBe('Geen btw');
    const fee = detail('Importkosten')!;
    expect(rateName(fee.tax_rate_id)).toBe('21% btw');
    expect(shop.moneybirdSpec.violations).toEqual([]);
  });

  it('books a B2B order of a Belgian company location as reverse charge, with the location\'s VAT number on the contact', async () => {
    const order = shop.shopify.createOrder({ lineCount: 2, discountCode: null, company: { name: 'Brouwerij De Kat BV', vatNumber: 'BE0123456749', country: 'BE' } });
    await eventually(async () => (await row(order.legacyResourceId))?.state === 'posted', { what: 'the B2B order posted' });
    const [invoice] = shop.moneybird.invoicesByReference(reference(order));
    expect(parseDecimalToCents(invoice!.total_price_incl_tax)).toBe(paid(order));
    expect(invoice!.contact).toMatchObject({ company_name: 'Brouwerij De Kat BV', tax_number: 'BE0123456749', country: 'BE' });
    const goods = invoice!.details.filter((d) => parseDecimalToCents(d.price) !== 0 && !/verlegd|reverse/i.test(d.description));
    expect(goods.length).toBeGreaterThan(0);
    for (const d of goods) expect(rateName(d.tax_rate_id)).toBe('Btw verlegd binnen EU');
    expect(invoice!.details.some((d) => /verlegd/i.test(d.description))).toBe(true);
  });
});
