/**
 * The normalised sale: what every source connector produces and every target connector books.
 * All money is in integer cents; VAT rates are in basis points (2100 = 21 %).
 * Vendors are named by their registry key (connectors/catalogue.ts); the domain knows none of them.
 */

export type SourceVendor = string;
export type TargetVendor = string;

/**
 * - product / shipping / fee: a supply, with VAT.
 * - discount: an order-level reduction at the rate of what it reduces (quantity 1, negative total).
 * - gift-card: the SALE of a multi-purpose voucher; not revenue and outside the scope of VAT
 *   (regime 'outside-scope', rate 0), booked on the gift-card liability ledger. Redeeming a
 *   voucher is a payment (Sale.payments), never a discount.
 * - rounding: the few cents a target's own per-rate arithmetic differs from what the customer paid
 *   (see domain/vat rounding rule), booked on the configured rounding ledger.
 * - tip: a voluntary tip the customer added, passed on to staff; no consideration for a supply, so
 *   outside the scope of VAT (rate 0), booked on its own ledger (a liability to the staff, by mapping).
 * - duty: import duties collected from the customer on behalf of customs, without VAT on them;
 *   outside the scope of VAT (rate 0), booked on its own ledger. A duty the shop charged VAT on is a
 *   'fee' (part of the taxable amount, Art. 78 Directive 2006/112/EC).
 */
export type SaleLineKind = 'product' | 'shipping' | 'fee' | 'discount' | 'gift-card' | 'rounding' | 'tip' | 'duty';

/**
 * How VAT applies to a line (decided in domain/ from the order and the tenant's settings):
 * - domestic: the merchant's home country rates;
 * - oss: an EU distance sale to a consumer under the One-Stop Shop, at the destination country's rate;
 * - reverse-charge: intra-EU B2B with a valid VAT number, 0 %, the customer accounts for the VAT;
 * - export: goods leaving the EU, 0 %;
 * - outside-scope: not a supply for VAT (multi-purpose vouchers sold, tips, duties collected for customs).
 */
export type VatRegime = 'domestic' | 'oss' | 'reverse-charge' | 'export' | 'outside-scope';

export interface SaleLine {
  kind: SaleLineKind;
  description: string;
  /** Quantity as sold; positive. Discount lines carry quantity 1 and a negative total. */
  quantity: number;
  /** Line total excluding VAT, after line discounts, in cents. */
  totalExclCents: number;
  /** VAT charged on this line in the source, in cents. */
  vatCents: number;
  /** VAT rate of this line in basis points (2100 = 21 %). */
  vatRateBp: number;
  /** ISO 3166-1 alpha-2 country whose VAT applies: home country (domestic), destination (OSS), or the customer's. */
  vatCountry: string;
  regime: VatRegime;
  /** The source's own product reference (SKU), if any; not personal data. */
  sku?: string;
  /**
   * The taxes the source charged on this line, as it states them (a fact for the regime decision, e.g.
   * stacked or compound taxes): their VAT adds up to `vatCents`. Absent when the source gives none.
   */
  taxes?: SaleLineTax[];
}

/** One tax the source charged on a line. */
export interface SaleLineTax {
  rateBp: number;
  vatCents: number;
  /** The shop's name for the rate (e.g. "BTW 21%"); not personal data. */
  label: string;
  /** Charged on the line amount plus the taxes before it (stacked), instead of on the amount alone. */
  compound: boolean;
}

/** Personal data of the person who placed the order. Only email and sourceCustomerId are ever stored. */
export interface SaleDebtor {
  /** The source's customer id; null for guest orders. */
  sourceCustomerId: string | null;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  address1: string;
  postcode: string;
  city: string;
  /** Billing country, ISO 3166-1 alpha-2. */
  country: string;
  /** Where the goods go (ISO alpha-2); decides OSS and export. Null when the order has no shipping address. */
  shippingCountry?: string | null;
  /** The customer's VAT number as given (B2B); kept on the target's contact, never in doorzet. */
  vatNumber?: string | null;
}

export interface VatTotal {
  vatRateBp: number;
  /** Country of the rate (OSS rates of different countries may share a percentage). */
  vatCountry?: string;
  regime?: VatRegime;
  /** Sum of line totals excl. VAT at this rate. */
  taxableCents: number;
  vatCents: number;
}

/** A settlement that is not money received for this order: a gift card or store credit redeemed. */
export interface SalePayment {
  kind: 'gift-card' | 'store-credit';
  /** Positive amount in cents that the voucher paid. */
  amountCents: number;
  description: string;
}

/** Where an order was taken. Till facts let a tenant book a day's till sales as one summary per location. */
export interface SaleChannel {
  kind: 'web' | 'pos';
  /** The till's location id in the source (ids only, no personal data). */
  location?: string;
  /** The location's name as the merchant calls it (e.g. "Winkel Utrecht"), for the summary invoice. */
  locationName?: string;
  /** The till's business day (YYYY-MM-DD) in the shop's own time zone. */
  businessDay?: string;
  /** The moment (ISO, UTC) that business day ends in the shop's time zone. */
  businessDayEndsAt?: string;
}

export interface Sale {
  source: SourceVendor;
  /** The source's id of the order (stable across edits). */
  externalId: string;
  /** The order number the merchant and customer see; used as the invoice reference. */
  orderNumber: string;
  /** ISO date (YYYY-MM-DD) of the order, in UTC. */
  orderDate: string;
  /** ISO 4217 code of the money the customer paid in. */
  currency: string;
  /** The source's last modification time (ISO), to tell edits apart. */
  modifiedAt: string;
  /** When the order was placed (ISO, UTC), when the source says: orders placed before the tenant's sync start are history. */
  placedAt?: string;
  /** The order's regime for its goods; lines may differ (a gift card in a domestic order). */
  regime: VatRegime;
  /** Whether the shop's prices were entered including VAT (decides how a target recomputes lines). */
  pricesIncludeVat: boolean;
  /**
   * Where the order was taken: 'web' for the webshop, 'pos' for a till (booked per order or as a
   * daily summary per location, by tenant setting). `location` is the till's location id.
   */
  channel?: SaleChannel;
  debtor: SaleDebtor;
  lines: SaleLine[];
  vatTotals: VatTotal[];
  totalExclCents: number;
  totalVatCents: number;
  /** The value of the supply incl. VAT; the customer paid this minus `payments`. */
  totalInclCents: number;
  /** Vouchers redeemed on this order (not discounts: they do not lower VAT). */
  payments: SalePayment[];
  /**
   * A till's cash rounding (5-cent rounding of a cash payment): what it added to what the customer paid,
   * negative when rounded down. Not part of the supply (no VAT). As the source states it, `totalInclCents`
   * excludes it; once booked (domain/booking-rounding) it is a rounding line and the totals include it.
   */
  cashRoundingCents?: number;
  /** Free-text note of the customer; personal data, never stored. */
  note: string;
  /** Text the law requires on the invoice for its regime (reverse charge, export); set by the regime decision. */
  invoiceNote?: string;
  /** The shop marked the customer exempt from VAT (e.g. a B2B customer with a VAT number). */
  vatExempt?: boolean;
}
