import type { Sale } from '../domain/sale';

/**
 * The two ports every vendor implements. Connectors know neither Temporal nor the database:
 * they speak HTTP to one vendor and throw ConnectorError (connectors/errors.ts) on failure.
 */

export interface OrderRef {
  externalId: string;
  /** ISO timestamp (UTC) of the order's last change in the source. */
  modifiedAt: string;
  /** The source's own status word (e.g. WooCommerce `processing`), for logs and skip reasons. */
  status?: string;
  /**
   * Whether the order is a sale to book now. Absent means bookable. Non-bookable orders
   * (pending, cancelled, ...) are listed so the cursor advances; getSale throws NOT_BOOKABLE for them.
   */
  bookable?: boolean;
}

export interface OrderPage {
  orders: OrderRef[];
  /** Pass back to listChangedOrders to read the next page; null when this was the last page. */
  nextPage: number | null;
}

export interface SalesSource {
  /** Orders changed since `sinceIso` (UTC), oldest change first, one page at a time. */
  listChangedOrders(sinceIso: string, page: number): Promise<OrderPage>;
  /**
   * Read one order and normalise it. Throws ConnectorError code SALE_INVALID (with issues) when it
   * cannot be normalised, NOT_BOOKABLE when its status is not a sale (yet).
   */
  getSale(externalId: string): Promise<Sale>;
}

export interface TargetContact {
  id: string;
}

export interface NewContact {
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  address1: string;
  postcode: string;
  city: string;
  country: string;
  /** Our stable reference for the contact in the target (e.g. `WC-42`). */
  customerReference: string;
}

export interface TargetDocument {
  id: string;
  reference: string;
  totalExclCents: number;
  totalInclCents: number;
}

export interface TargetTaxRate {
  id: string;
  vatRateBp: number;
}

export interface AccountingTarget {
  /** Exact (case-insensitive) e-mail match; null when none. */
  findContactByEmail(email: string): Promise<TargetContact | null>;
  createContact(contact: NewContact): Promise<TargetContact>;
  /** The sales document booked under this reference, or null. */
  findDocumentByReference(reference: string): Promise<TargetDocument | null>;
  /** Book the sale as an invoice for the contact; reference = order number. */
  createInvoice(sale: Sale, contactId: string, taxRates: TargetTaxRate[]): Promise<TargetDocument>;
  /** Active sales tax rates of the administration. */
  listTaxRates(): Promise<TargetTaxRate[]>;
}
