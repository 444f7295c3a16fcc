import type { LedgerKey } from '../domain/ledger';
import type { Refund } from '../domain/refund';
import type { Sale } from '../domain/sale';

/**
 * The two ports every vendor implements. Connectors know neither Temporal nor the database:
 * they speak HTTP to one vendor and throw ConnectorError (connectors/errors.ts) on failure.
 */

export interface RefundRef {
  /** The source's id of the refund (unique per order). */
  externalId: string;
  /** ISO timestamp of the refund, when the listing carries it. */
  createdAt?: string;
}

export interface OrderRef {
  externalId: string;
  /** ISO timestamp (UTC) of the order's last change in the source. */
  modifiedAt: string;
  /** ISO timestamp (UTC) the order was placed, when the listing carries it: orders placed before the tenant's sync start are not booked. */
  createdAt?: string;
  /** The source's own status word (e.g. `processing`), for logs and skip reasons. */
  status?: string;
  /**
   * Whether the order is a sale to book now. Absent means bookable. Non-bookable orders
   * (pending, cancelled, ...) are listed so the cursor advances; getSale throws NOT_BOOKABLE for them.
   */
  bookable?: boolean;
  /** Cancelled (or fully voided) in the source: a posted invoice for it gets a credit note. */
  cancelled?: boolean;
  /** Refunds present on the order, when the listing carries them. */
  refunds?: RefundRef[];
}

export interface OrderPage {
  orders: OrderRef[];
  /** Opaque token for the next page (a page number or a GraphQL cursor); null on the last page. */
  nextPageToken: string | null;
}

export interface SalesSource {
  /** Orders changed since `sinceIso` (UTC), oldest change first, one page at a time (token null = first page). */
  listChangedOrders(sinceIso: string, pageToken: string | null): Promise<OrderPage>;
  /**
   * Read one order and normalise it. Throws ConnectorError code SALE_INVALID (with issues) when it
   * cannot be normalised, NOT_BOOKABLE when its status is not a sale (yet).
   */
  getSale(externalId: string): Promise<Sale>;
  /** The refunds of one order, oldest first. */
  listRefunds(orderExternalId: string): Promise<RefundRef[]>;
  /**
   * Read one refund and normalise it (positive amounts credited). SALE_INVALID when it cannot be.
   * `refundExternalId` CANCELLATION_REFUND_ID ('cancel', domain/refund.ts) asks for the credit of a cancelled
   * order: the part of the order not refunded yet. Fill Refund.debtor from the order when it is read anyway.
   */
  getRefund(orderExternalId: string, refundExternalId: string): Promise<Refund>;
  /** One cheap authenticated read: proves the credentials work (the connection test). */
  checkConnection(): Promise<void>;
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
  /** The customer's VAT number (B2B), kept on the contact; empty when none. */
  vatNumber: string;
  /** Our stable reference for the contact in the target (e.g. `<source>-42`); empty for guests. */
  customerReference: string;
}

export interface TargetDocument {
  id: string;
  reference: string;
  totalExclCents: number;
  totalInclCents: number;
  /** 'draft': created but not in the books yet (targets that keep drafts); absent or 'final': booked. */
  state?: 'draft' | 'final';
}

/** How a document is booked, from the tenant's settings. */
export interface BookingOptions {
  /** 'final': in the books, without e-mailing the customer; 'draft': left for the merchant. */
  invoiceState: 'final' | 'draft';
  /** Ledger account ids per kind of line; unmapped kinds go to the target's default account. */
  ledgerAccounts: Partial<Record<LedgerKey, string>>;
  /** Target-specific choices (tenant settings `targetOptions`), parsed by the target's own schema. */
  targetOptions?: Readonly<Record<string, string | number | boolean>>;
}

/** An administration (division, company, ledger) the connected account may book into. */
export interface Administration {
  id: string;
  name: string;
  /** The account's current or default administration, when the vendor says so. */
  current: boolean;
}

export interface AccountingTarget {
  /** Exact (case-insensitive) e-mail match; null when none. */
  findContactByEmail(email: string): Promise<TargetContact | null>;
  createContact(contact: NewContact): Promise<TargetContact>;
  /**
   * The sales document (invoice or credit note) booked under this reference, or null. `options` tells
   * targets that book more than one kind of document where to look.
   */
  findDocumentByReference(reference: string, options?: BookingOptions): Promise<TargetDocument | null>;
  /** Book the sale as an invoice for the contact; reference = order number. */
  createInvoice(sale: Sale, contactId: string, options: BookingOptions): Promise<TargetDocument>;
  /**
   * Book a refund as a credit note linked to the original invoice, with the target's own credit
   * mechanism; reference = creditNoteReference(orderNumber, refund id).
   */
  createCreditNote(refund: Refund, original: TargetDocument, contactId: string, options: BookingOptions): Promise<TargetDocument>;
  /** One cheap authenticated read: proves the credentials and scopes work (the connection test). */
  checkConnection(): Promise<void>;
  /**
   * Puts a draft found by reference in the books (without e-mailing anyone): finishes a booking whose
   * finalising step was interrupted. Targets without drafts leave it out.
   */
  finalise?(document: TargetDocument): Promise<TargetDocument>;
  /**
   * Registers the sale's redeemed vouchers (`Sale.payments`) on a final invoice found by reference
   * after this run's attempt was interrupted, unless they already are. Targets that settle vouchers
   * while booking offer it; the others leave it out.
   */
  settlePayments?(document: TargetDocument, sale: Sale, options: BookingOptions): Promise<void>;
  /** Targets whose merchant chooses an administration after connecting (oauth2): the ones the account can use. */
  listAdministrations?(): Promise<Administration[]>;
}
