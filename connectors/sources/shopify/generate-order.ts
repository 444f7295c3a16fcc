import { divideRoundHalfAway, formatCents } from '../../decimal';
import type { Rng } from '../../sim/rng';
import type { SimAdditionalFee, SimAddress, SimLineItem, SimMoneyBag, SimOrder, SimPurchasingCompany, SimShippingLine, SimTaxLine, SimTransaction } from './sim-types';

interface Product { title: string; sku: string; cents: number; rateBp: number }

/** What the Dutch demo shop sells: gross prices (taxes included), 21 % and 9 % (food, books). */
const catalogue: readonly Product[] = [
  { title: 'Canvas tas', sku: 'TAS-CANVAS', cents: 1995, rateBp: 2100 },
  { title: 'Koffiebonen 1 kg', sku: 'KOFFIE-1KG', cents: 2450, rateBp: 900 },
  { title: 'Stroopwafels', sku: 'STROOP-8', cents: 395, rateBp: 900 },
  { title: 'Mok Delfts blauw', sku: 'MOK-DELFT', cents: 1250, rateBp: 2100 },
  { title: 'Kookboek', sku: 'BOEK-KOOK', cents: 2999, rateBp: 900 },
  { title: 'Theedoek', sku: 'DOEK-THEE', cents: 895, rateBp: 2100 },
];
const cafe: readonly Product[] = [
  { title: 'Cappuccino', sku: 'CAPPU', cents: 360, rateBp: 900 },
  { title: 'Appeltaart', sku: 'TAART-APPEL', cents: 425, rateBp: 900 },
  { title: 'Tosti', sku: 'TOSTI', cents: 595, rateBp: 900 },
  { title: 'Mok Delfts blauw', sku: 'MOK-DELFT', cents: 1250, rateBp: 2100 },
];
/** Shelf goods of a till that rounds cash (priced to the cent, so a cash total is rarely a multiple of 5 cents). */
const shelf: readonly Product[] = [
  { title: 'Koffiebonen 250 g', sku: 'BONEN-250', cents: 749, rateBp: 900 },
  { title: 'Stroopwafels', sku: 'STROOP', cents: 199, rateBp: 900 },
  { title: 'Ansichtkaart', sku: 'KAART', cents: 149, rateBp: 2100 },
];
const people = [['Sanne', 'de Vries'], ['Daan', 'Jansen'], ['Emma', 'Bakker'], ['Lucas', 'Visser'], ['Julia', 'Smit']] as const;
const towns = [['Utrecht', '3511 AB'], ['Zwolle', '8011 CD'], ['Haarlem', '2011 EF'], ['Leiden', '2311 GH']] as const;

export interface ShopifyOrderChoices {
  /** 'web' (default) or a till sale at `location` ('pos'). */
  channel?: 'web' | 'pos';
  location?: { id: number; name: string };
  lineCount?: number;
  /** A discount code allocated across the lines (10 %). */
  discountCode?: string | null;
  /** Sell a gift card (a multi-purpose voucher, no tax) as one of the lines. */
  sellGiftCard?: boolean;
  /** Pay this many cents with a gift card (gateway gift_card), the rest with the usual gateway. */
  giftCardPaymentCents?: number;
  /** The customer's currency when it is not the shop's; shop money is presentment × 0.92. */
  presentmentCurrency?: string;
  /** Ship to another country (the tax stays as generated: the tests set the tax they need). */
  shippingCountry?: string;
  financialStatus?: SimOrder['displayFinancialStatus'];
  /** A till sale to a known customer (default: an anonymous walk-in sale). */
  posCustomer?: boolean;
  /** How a till sale is paid (default: drawn). 'cash' at a till that rounds cash to 5 cents sets totalCashRoundingAdjustment. */
  tillPayment?: 'cash' | 'card';
  /** The till rounds cash totals to 5 cents (as Shopify POS does for EUR in Belgium, Finland, ...). */
  cashRounding?: boolean;
  /** A tip the customer added: a line item without tax whose sale is a TipSale; Order.totalTipReceivedSet. */
  tipCents?: number;
  /** An import duty without tax on the first line item (LineItem.duties; Order.originalTotalDutiesSet). */
  dutyCents?: number;
  /** An additional fee with its own tax line (Order.additionalFees; originalTotalAdditionalFeesSet). */
  additionalFee?: { name: string; cents: number; rateBp: number };
  /**
   * A B2B order of a company location (Order.purchasingEntity) in `country`, with its tax registration
   * id and the EU reverse-charge exemption: Shopify charges no tax on it.
   */
  company?: { name: string; vatNumber: string; country: string };
}

export interface GenerateOptions extends ShopifyOrderChoices {
  id: number;
  number: number;
  rng: Rng;
  now: Date;
  shopCurrency: string;
}

function bagOf(cents: number, presentment: string, shop: string): SimMoneyBag {
  const shopCents = presentment === shop ? cents : divideRoundHalfAway(cents * 92, 100);
  return { shopMoney: { amount: formatCents(shopCents), currencyCode: shop }, presentmentMoney: { amount: formatCents(cents), currencyCode: presentment } };
}

function address(id: number, first: string, last: string, town: readonly [string, string], country: string): SimAddress {
  return {
    id: `gid://shopify/MailingAddress/${id}`, firstName: first, lastName: last, name: `${first} ${last}`, company: null,
    address1: `Oudegracht ${(id % 200) + 1}`, address2: null, zip: town[1], city: town[0], province: null, provinceCode: null,
    country: country === 'NL' ? 'Netherlands' : country, countryCodeV2: country, phone: null,
  };
}

/** One order as Shopify stores it: taxes per line after discounts, tax-inclusive prices (a Dutch shop). */
export function generateShopifyOrder(o: GenerateOptions): SimOrder {
  const { rng } = o;
  const pos = o.channel === 'pos';
  const presentment = o.presentmentCurrency ?? o.shopCurrency;
  const bag = (cents: number) => bagOf(cents, presentment, o.shopCurrency);
  const at = o.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const taxLine = (rateBp: number, cents: number): SimTaxLine => ({
    title: 'BTW', rate: rateBp / 10_000, ratePercentage: rateBp / 100, priceSet: bag(cents), channelLiable: false, source: 'Shopify',
  });
  const products = pos ? (o.cashRounding ? [...cafe, ...shelf] : cafe) : catalogue;
  const b2b = o.company;
  // A reverse-charge exempt company location pays no tax: Shopify's tax lines are left out.
  const taxLinesOf = (rateBp: number, cents: number): SimTaxLine[] => (b2b ? [] : [taxLine(rateBp, cents)]);
  const count = o.lineCount ?? rng.int(1, pos ? 4 : 3);
  const code = o.discountCode === undefined ? (rng.chance(0.3) && !pos ? 'WELKOM10' : null) : o.discountCode;

  const lineItems: SimLineItem[] = [];
  for (let i = 0; i < count; i += 1) {
    const product = rng.pick(products);
    const quantity = rng.int(1, 3);
    const gross = product.cents * quantity;
    const discount = code ? divideRoundHalfAway(gross, 10) : 0;
    const tax = b2b ? 0 : divideRoundHalfAway((gross - discount) * product.rateBp, 10_000 + product.rateBp);
    lineItems.push({
      id: `gid://shopify/LineItem/${o.id * 100 + i}`, name: product.title, title: product.title, sku: product.sku, quantity, currentQuantity: quantity,
      isGiftCard: false, taxable: true, requiresShipping: !pos,
      originalUnitPriceSet: bag(product.cents), originalTotalSet: bag(gross), discountedTotalSet: bag(gross - discount), totalDiscountSet: bag(discount),
      discountAllocations: code ? [{
        allocatedAmountSet: bag(discount),
        discountApplication: { __typename: 'DiscountCodeApplication', index: 0, allocationMethod: 'ACROSS', targetType: 'LINE_ITEM', code },
      }] : [],
      taxLines: taxLinesOf(product.rateBp, tax), duties: [],
    });
  }
  if (o.dutyCents && lineItems[0]) {
    lineItems[0].duties.push({ id: `gid://shopify/Duty/${o.id}`, countryCodeOfOrigin: 'NL', harmonizedSystemCode: '090121', price: bag(o.dutyCents), taxLines: [] });
  }
  if (o.tipCents) {
    lineItems.push({
      id: `gid://shopify/LineItem/${o.id * 100 + 98}`, name: 'Fooi', title: 'Fooi', sku: null, quantity: 1, currentQuantity: 1,
      isGiftCard: false, taxable: false, requiresShipping: false,
      originalUnitPriceSet: bag(o.tipCents), originalTotalSet: bag(o.tipCents), discountedTotalSet: bag(o.tipCents), totalDiscountSet: bag(0),
      discountAllocations: [], taxLines: [], duties: [], simTip: true,
    });
  }
  const fee = o.additionalFee;
  const additionalFees: SimAdditionalFee[] = fee ? [{
    id: `gid://shopify/AdditionalFee/${o.id}`, name: fee.name, price: bag(fee.cents),
    taxLines: taxLinesOf(fee.rateBp, divideRoundHalfAway(fee.cents * fee.rateBp, 10_000 + fee.rateBp)),
  }] : [];
  if (o.sellGiftCard) {
    lineItems.push({
      id: `gid://shopify/LineItem/${o.id * 100 + 99}`, name: 'Cadeaukaart € 25', title: 'Cadeaukaart', sku: null, quantity: 1, currentQuantity: 1,
      isGiftCard: true, taxable: false, requiresShipping: false,
      originalUnitPriceSet: bag(2500), originalTotalSet: bag(2500), discountedTotalSet: bag(2500), totalDiscountSet: bag(0), discountAllocations: [], taxLines: [], duties: [],
    });
  }

  const shippingLines: SimShippingLine[] = pos ? [] : [{
    id: `gid://shopify/ShippingLine/${o.id}`, title: 'PostNL standaard', code: 'postnl', source: 'shopify', isRemoved: false,
    originalPriceSet: bag(495), discountedPriceSet: bag(495), currentDiscountedPriceSet: bag(495), discountAllocations: [],
    taxLines: taxLinesOf(2100, divideRoundHalfAway(495 * 2100, 12_100)),
  }];

  const sum = (cents: number[]) => cents.reduce((a, b) => a + b, 0);
  const amount = (b: SimMoneyBag) => Math.round(Number(b.presentmentMoney.amount) * 100);
  const goods = sum(lineItems.map((l) => amount(l.discountedTotalSet)));
  const shipping = sum(shippingLines.map((s) => amount(s.discountedPriceSet)));
  const duties = sum(lineItems.flatMap((l) => l.duties.map((d) => amount(d.price))));
  const fees = sum(additionalFees.map((f) => amount(f.price)));
  const taxes = [...lineItems.flatMap((l) => [...l.taxLines, ...l.duties.flatMap((d) => d.taxLines)]), ...shippingLines.flatMap((s) => s.taxLines), ...additionalFees.flatMap((f) => f.taxLines)];
  const totalTax = sum(taxes.map((t) => amount(t.priceSet)));
  // Order.totalPriceSet: line items (tips are line items), shipping, duties and additional fees, taxes included.
  const total = goods + shipping + duties + fees;
  const discounts = sum(lineItems.map((l) => amount(l.totalDiscountSet)));

  const byRate = new Map<number, number>();
  for (const t of taxes) byRate.set(t.rate, (byRate.get(t.rate) ?? 0) + amount(t.priceSet));
  const [first, last] = rng.pick(people);
  const town = rng.pick(towns);
  const known = !pos || o.posCustomer === true;
  const email = known ? `${first.toLowerCase()}.${last.replace(/ /g, '').toLowerCase()}.${o.id}@example.nl` : null;

  const status = o.financialStatus ?? 'PAID';
  const giftPaid = Math.min(o.giftCardPaymentCents ?? 0, total);
  const transaction = (n: number, gateway: string, cents: number): SimTransaction => ({
    id: `gid://shopify/OrderTransaction/${o.id * 10 + n}`, kind: 'SALE', status: status === 'PENDING' ? 'PENDING' : 'SUCCESS', gateway,
    amountSet: bag(cents), createdAt: at, processedAt: at, test: false,
  });
  const due = total - giftPaid;
  // Drawn only when something is due (as before the till payment could be chosen), so seeded orders stay the same.
  const gateway = due <= 0 || !pos ? 'shopify_payments' : o.tillPayment === 'card' ? 'shopify_payments' : o.tillPayment === 'cash' ? 'cash' : rng.pick(['cash', 'shopify_payments']);
  // Cash rounded to 5 cents: what the drawer takes differs from the order total by the adjustment.
  const cashRounding = gateway === 'cash' && o.cashRounding === true ? Math.round(due / 5) * 5 - due : 0;
  const transactions = [
    ...(giftPaid > 0 ? [transaction(1, 'gift_card', giftPaid)] : []),
    ...(due > 0 ? [transaction(2, gateway, due + cashRounding)] : []),
  ];
  const location = o.location ?? { id: 61_000_001, name: 'Winkel Utrecht' };
  const country = b2b?.country ?? 'NL';
  const purchasingEntity: SimPurchasingCompany | null = b2b ? {
    __typename: 'PurchasingCompany',
    company: { id: `gid://shopify/Company/${o.id}`, name: b2b.name },
    contact: { id: `gid://shopify/CompanyContact/${o.id}` },
    location: {
      id: `gid://shopify/CompanyLocation/${o.id}`, name: `${b2b.name} HQ`, company: { id: `gid://shopify/Company/${o.id}`, name: b2b.name },
      taxSettings: { taxExempt: false, taxExemptions: ['EU_REVERSE_CHARGE_EXEMPTION_RULE'], taxRegistrationId: b2b.vatNumber },
    },
  } : null;

  return {
    id: `gid://shopify/Order/${o.id}`, legacyResourceId: String(o.id), name: `#${o.number}`,
    createdAt: at, updatedAt: at, processedAt: at, cancelledAt: null, closed: false, test: false,
    email, note: null, currencyCode: o.shopCurrency, presentmentCurrencyCode: presentment, taxesIncluded: true, taxExempt: false,
    sourceName: pos ? 'pos' : 'web', displayFinancialStatus: status,
    retailLocation: pos ? { id: `gid://shopify/Location/${location.id}`, legacyResourceId: String(location.id), name: location.name } : null,
    customer: known ? {
      id: `gid://shopify/Customer/${o.id + 500_000}`, legacyResourceId: String(o.id + 500_000), firstName: first, lastName: last,
      displayName: `${first} ${last}`, taxExempt: false, taxExemptions: [],
    } : null,
    purchasingEntity,
    billingAddress: known ? { ...address(o.id, first, last, town, country), company: b2b?.name ?? null } : null,
    shippingAddress: pos ? null : address(o.id + 1, first, last, town, o.shippingCountry ?? country),
    lineItems, shippingLines, transactions, refunds: [],
    taxLines: [...byRate].map(([rate, cents]) => taxLine(Math.round(rate * 10_000), cents)),
    subtotalPriceSet: bag(goods), totalPriceSet: bag(total), totalTaxSet: bag(totalTax), totalShippingPriceSet: bag(shipping),
    totalDiscountsSet: bag(discounts), currentTotalPriceSet: bag(total),
    totalCashRoundingAdjustment: { paymentSet: bag(cashRounding), refundSet: bag(0) },
    totalTipReceivedSet: bag(o.tipCents ?? 0),
    originalTotalDutiesSet: duties > 0 ? bag(duties) : null, currentTotalDutiesSet: duties > 0 ? bag(duties) : null,
    additionalFees,
    originalTotalAdditionalFeesSet: fee ? bag(fees) : null, currentTotalAdditionalFeesSet: fee ? bag(fees) : null,
  };
}
