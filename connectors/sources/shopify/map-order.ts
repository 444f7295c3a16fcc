import { endOfLocalDay, isTimeZone, localDay } from '../../../domain/business-day';
import type { Sale, SaleChannel, SaleDebtor, SaleLine, SalePayment } from '../../../domain/sale';
import { vatTotalsFromLines } from '../../../domain/vat';
import { walkInDebtor } from '../../../domain/walk-in-debtor';
import { numericIdOf } from './gid';
import { additionalFeeLines, checkTips, dutyLines } from './map-charges';
import { combinedRateBp, presentmentCents, vatInGross, vatOnNet } from './money';
import type { ShopFacts, ShopifyLineItem, ShopifyOrder } from './order-schema';
import { vatFactsOf, type VatFacts } from './vat-facts';

interface Amounts {
  exclCents: number;
  vatCents: number;
}

/**
 * A line before and after its discount allocations. Shopify states the tax after discounts per line;
 * the line is booked at its undiscounted amount and the difference goes to a discount line of the
 * same rate, so the invoice shows the discount and still adds up to what the customer paid.
 */
export function beforeAndAfter(grossCents: number, discountCents: number, taxCents: number, rateBp: number, taxesIncluded: boolean): { before: Amounts; after: Amounts } {
  const after = { exclCents: grossCents - discountCents - (taxesIncluded ? taxCents : 0), vatCents: taxCents };
  if (discountCents === 0) return { before: after, after };
  const vat = taxesIncluded ? vatInGross(grossCents, rateBp) : vatOnNet(grossCents, rateBp);
  return { before: { exclCents: taxesIncluded ? grossCents - vat : grossCents, vatCents: rateBp === 0 ? 0 : vat }, after };
}

// The regime and VAT country are decided for every source alike by domain/prepare-sale (tenant settings).
const PROVISIONAL = { vatCountry: '', regime: 'domestic' } as const;

const taxOf = (taxLines: ShopifyLineItem['taxLines'], path: string) => taxLines.reduce((sum, t, i) => sum + presentmentCents(t.priceSet, `${path}.taxLines[${i}]`), 0);

/** The order number as the merchant shows it, without Shopify's default '#' (an invoice reference, a URL part). */
export function orderNumberOf(name: string): string {
  return name.replace(/^#/, '').trim();
}

function channelOf(order: ShopifyOrder, shop: ShopFacts): SaleChannel {
  if (order.sourceName !== 'pos') return { kind: 'web' };
  const timeZone = isTimeZone(shop.ianaTimezone) ? shop.ianaTimezone : 'UTC';
  const businessDay = localDay(order.processedAt, timeZone);
  return {
    kind: 'pos',
    location: (order.retailLocation && numericIdOf(order.retailLocation.id)) ?? 'unknown',
    locationName: order.retailLocation?.name ?? 'Kassa',
    businessDay,
    businessDayEndsAt: endOfLocalDay(businessDay, timeZone),
  };
}

/** The B2B buyer of the order: its company name and the location's tax registration (CompanyLocationTaxSettings). */
function companyOf(order: ShopifyOrder): { name: string; vatNumber: string | null; taxExempt: boolean; taxExemptions: string[] } | null {
  const entity = order.purchasingEntity;
  if (!entity || entity.__typename !== 'PurchasingCompany' || !('company' in entity)) return null;
  const tax = entity.location.taxSettings;
  return { name: entity.company.name, vatNumber: tax?.taxRegistrationId?.trim() || null, taxExempt: tax?.taxExempt ?? false, taxExemptions: tax?.taxExemptions ?? [] };
}

function debtorOf(order: ShopifyOrder, facts: VatFacts, channel: SaleChannel): SaleDebtor {
  const billing = order.billingAddress;
  const email = order.email?.trim() ?? '';
  if (channel.kind === 'pos' && email === '') {
    return walkInDebtor({ id: channel.location ?? 'unknown', name: channel.locationName ?? 'Kassa' }, facts.shopCountry);
  }
  return {
    sourceCustomerId: order.customer ? numericIdOf(order.customer.id) : null,
    email,
    firstName: billing?.firstName ?? order.customer?.firstName ?? '',
    lastName: billing?.lastName ?? order.customer?.lastName ?? '',
    company: billing?.company || companyOf(order)?.name || '',
    address1: billing?.address1 ?? '',
    postcode: billing?.zip ?? '',
    city: billing?.city ?? '',
    country: billing?.countryCodeV2 ?? order.shippingAddress?.countryCodeV2 ?? facts.shopCountry,
    shippingCountry: order.shippingAddress?.countryCodeV2 ?? null,
    // A B2B order's VAT number is its company location's tax registration id; other orders carry none.
    vatNumber: companyOf(order)?.vatNumber ?? null,
  };
}

function paymentsOf(order: ShopifyOrder): SalePayment[] {
  return order.transactions
    .filter((t) => t.gateway === 'gift_card' && (t.kind === 'SALE' || t.kind === 'CAPTURE') && t.status === 'SUCCESS')
    .map((t, i) => ({ kind: 'gift-card' as const, amountCents: presentmentCents(t.amountSet, `transactions[${i}]`), description: 'Cadeaukaart' }));
}

/**
 * Maps a Shopify order (GraphQL Admin API, all its line items) to the normalised Sale. Pure: the shop's
 * country and time zone come from the same query. Nothing is "fixed": totals that disagree with the
 * lines are kept as Shopify states them, for validation to report.
 */
export function mapShopifyOrder(order: ShopifyOrder, lineItems: readonly ShopifyLineItem[], shop: ShopFacts, tipLineItemIds: ReadonlySet<string> = new Set()): Sale {
  const company = companyOf(order);
  const facts = vatFactsOf({
    shopCountry: shop.billingAddress.countryCodeV2,
    shippingCountry: order.shippingAddress?.countryCodeV2 ?? null,
    billingCountry: order.billingAddress?.countryCodeV2 ?? null,
    orderTaxExempt: order.taxExempt,
    customer: order.customer,
    companyLocation: company,
  });
  const incl = order.taxesIncluded;
  const lines: SaleLine[] = [];
  const discounts = new Map<number, Amounts>();
  const codes = new Set<string>();
  const tips: SaleLine[] = [];

  lineItems.forEach((item, i) => {
    const path = `lineItems[${i}]`;
    const gross = presentmentCents(item.originalTotalSet, `${path}.originalTotalSet`);
    const discount = item.discountAllocations.reduce((sum, d, j) => sum + presentmentCents(d.allocatedAmountSet, `${path}.discountAllocations[${j}]`), 0);
    for (const d of item.discountAllocations) if (d.discountApplication.code) codes.add(d.discountApplication.code);
    const tax = taxOf(item.taxLines, path);
    const rateBp = item.isGiftCard ? 0 : combinedRateBp(item.taxLines);
    if (tipLineItemIds.has(item.id)) {
      tips.push({ kind: 'tip', description: item.name || 'Fooi', quantity: 1, totalExclCents: gross - discount - (incl ? tax : 0), vatCents: tax, vatRateBp: rateBp, ...PROVISIONAL });
      return;
    }
    const { before, after } = beforeAndAfter(gross, discount, tax, rateBp, incl);
    lines.push({
      kind: item.isGiftCard ? 'gift-card' : 'product',
      description: item.name,
      quantity: item.quantity,
      totalExclCents: before.exclCents,
      vatCents: before.vatCents,
      vatRateBp: rateBp,
      ...PROVISIONAL,
      ...(item.sku ? { sku: item.sku } : {}),
    });
    if (discount !== 0) {
      const sum = discounts.get(rateBp) ?? { exclCents: 0, vatCents: 0 };
      discounts.set(rateBp, { exclCents: sum.exclCents + after.exclCents - before.exclCents, vatCents: sum.vatCents + after.vatCents - before.vatCents });
    }
  });

  const discountName = codes.size > 0 ? `Korting (${[...codes].join(', ')})` : 'Korting';
  for (const [rateBp, sum] of [...discounts].sort(([a], [b]) => b - a)) {
    if (sum.exclCents === 0 && sum.vatCents === 0) continue;
    const description = discounts.size > 1 ? `${discountName} ${rateBp / 100}%` : discountName;
    lines.push({ kind: 'discount', description, quantity: 1, totalExclCents: sum.exclCents, vatCents: sum.vatCents, vatRateBp: rateBp, ...PROVISIONAL });
  }

  order.shippingLines.nodes.forEach((shipping, i) => {
    if (shipping.isRemoved) return;
    const path = `shippingLines[${i}]`;
    const price = presentmentCents(shipping.discountedPriceSet, `${path}.discountedPriceSet`);
    const tax = taxOf(shipping.taxLines, path);
    const rateBp = combinedRateBp(shipping.taxLines);
    if (price === 0 && tax === 0) return; // free shipping is no line on the invoice
    lines.push({
      kind: 'shipping', description: shipping.title || 'Verzending', quantity: 1,
      totalExclCents: price - (incl ? tax : 0), vatCents: tax, vatRateBp: rateBp, ...PROVISIONAL,
    });
  });

  lines.push(...dutyLines(order, lineItems), ...additionalFeeLines(order));
  checkTips(order, tips);
  lines.push(...tips);

  const channel = channelOf(order, shop);
  const total = presentmentCents(order.totalPriceSet, 'totalPriceSet');
  const totalExcl = total - presentmentCents(order.totalTaxSet, 'totalTaxSet');
  // A till's cash rounding is applied to what was received, not to the order's total (Shopify's CashRoundingAdjustment).
  const cashRounding = order.totalCashRoundingAdjustment ? presentmentCents(order.totalCashRoundingAdjustment.paymentSet, 'totalCashRoundingAdjustment.paymentSet') : 0;
  return {
    source: 'shopify',
    externalId: order.legacyResourceId,
    orderNumber: orderNumberOf(order.name),
    orderDate: new Date(order.processedAt).toISOString().slice(0, 10),
    currency: order.presentmentCurrencyCode,
    modifiedAt: new Date(order.updatedAt).toISOString(),
    placedAt: new Date(order.processedAt).toISOString(),
    regime: 'domestic',
    pricesIncludeVat: incl,
    channel,
    debtor: debtorOf(order, facts, channel),
    lines,
    vatTotals: vatTotalsFromLines(lines),
    totalExclCents: totalExcl,
    totalVatCents: total - totalExcl,
    totalInclCents: total,
    payments: paymentsOf(order),
    ...(cashRounding === 0 ? {} : { cashRoundingCents: cashRounding }),
    note: '',
    ...(facts.exempt ? { vatExempt: true } : {}),
  };
}
