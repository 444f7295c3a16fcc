/**
 * The normalised sale: what every source connector produces and every target connector books.
 * All money is in integer cents; VAT rates are in basis points (2100 = 21 %).
 */

export type SourceVendor = 'woocommerce';
export type TargetVendor = 'moneybird';

export type SaleLineKind = 'product' | 'shipping' | 'fee' | 'discount';

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
  /** The source's own product reference (SKU), if any; not personal data. */
  sku?: string;
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
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface VatTotal {
  vatRateBp: number;
  /** Sum of line totals excl. VAT at this rate. */
  taxableCents: number;
  vatCents: number;
}

export interface Sale {
  source: SourceVendor;
  /** The source's id of the order (stable across edits). */
  externalId: string;
  /** The order number the merchant and customer see; used as the invoice reference. */
  orderNumber: string;
  /** ISO date (YYYY-MM-DD) of the order, in UTC. */
  orderDate: string;
  currency: string;
  /** The source's last modification time (ISO), to tell edits apart. */
  modifiedAt: string;
  debtor: SaleDebtor;
  lines: SaleLine[];
  vatTotals: VatTotal[];
  totalExclCents: number;
  totalVatCents: number;
  totalInclCents: number;
  /** Free-text note of the customer; personal data, never stored. */
  note: string;
}
