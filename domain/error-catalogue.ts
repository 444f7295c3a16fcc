import type { SaleIssueCode } from './sale-validation';

/** How the dashboard groups errors: one cause, one kind of fix. */
export const ERROR_CAUSES = [
  'order-data',
  'vat-mapping',
  'credentials',
  'target-rejected',
  'target-unavailable',
  'changed-after-posting',
  'completeness',
  'internal',
] as const;

export type ErrorCause = (typeof ERROR_CAUSES)[number];

export interface ErrorDescription {
  /**
   * True: doorzet tries again by itself with backoff (no one needs to change anything).
   * False: the run fails with an error record; a retry starts a new run once the cause is fixed.
   */
  retryable: boolean;
  /** True: the tenant's whole sync pauses until the merchant acts, instead of failing every sale. */
  pausesSync: boolean;
  cause: ErrorCause;
  /** What went wrong, in plain language for the merchant. */
  explanation: string;
  /** What the merchant should do about it. */
  fix: string;
}

/** Every error code doorzet can record for a sale. */
export const ERROR_CATALOGUE = {
  // Order data (from validateSale): the order must be corrected in the webshop.
  NO_LINES: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The order has no order lines, so there is nothing to invoice.',
    fix: 'Add the products to the order in your webshop, or cancel the order if it was created by mistake.',
  },
  NON_POSITIVE_QUANTITY: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'An order line has a quantity of zero or less.',
    fix: 'Correct the quantity in your webshop; book returns as a refund instead of a negative line.',
  },
  INVALID_AMOUNT: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'An amount in the order is not a whole number of cents.',
    fix: 'Check the prices of the order in your webshop; if they look right, contact doorzet support.',
  },
  UNKNOWN_VAT_RATE: {
    retryable: false, pausesSync: false, cause: 'vat-mapping',
    explanation: 'An order line carries a VAT rate that fits none of the VAT regimes of the order: not a rate of your country for a domestic sale, not a rate of the destination country for an EU distance sale under OSS, and not 0 % for a reverse-charge or export sale. The message names the rate and the country.',
    fix: "Correct the product's tax class or the shop's tax rates for that country and update the order; if you are registered for OSS, check that 'ossRegistered' is on in the doorzet settings.",
  },
  VAT_NUMBER_INVALID: {
    retryable: false, pausesSync: false, cause: 'vat-mapping',
    explanation: 'The shop did not charge VAT because the customer is a business, but the order has no VAT number of another EU member state in a valid format, so the sale cannot be booked as an intra-EU reverse-charge sale.',
    fix: "Add the customer's VAT number to the order (or charge VAT) in your webshop and update the order.",
  },
  GIFT_CARD_WITH_VAT: {
    retryable: false, pausesSync: false, cause: 'vat-mapping',
    explanation: 'A gift card was sold with VAT. A multi-purpose voucher is not a supply when sold: VAT is due only when it is redeemed.',
    fix: "Set the gift card product's tax status to 'none' in your webshop; book this order in your accounting system by hand.",
  },
  TOTALS_MISMATCH: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The amounts of the order do not add up: the lines, the VAT and the totals disagree by more than rounding.',
    fix: 'Recalculate the order totals in your webshop and save the order.',
  },
  NEGATIVE_TOTAL: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The order total is negative, which cannot be booked as a sale.',
    fix: 'Book the refund in your accounting system as a credit invoice, or correct the discount in your webshop.',
  },
  NOTE_TOO_LONG: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The customer note on the order is longer than the accounting system accepts.',
    fix: 'Shorten the customer note in your webshop.',
  },
  INVALID_EMAIL: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: "The customer's e-mail address is missing or invalid, so the customer cannot be found or created in your accounting system.",
    fix: "Correct the customer's e-mail address on the order in your webshop.",
  },
  MISSING_ORDER_NUMBER: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The order has no order number, which doorzet uses as the invoice reference.',
    fix: 'Give the order an order number in your webshop.',
  },
  SALE_TOO_LARGE: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The order is too large to book: it has too many lines, or a text field (a product name, an address) is far longer than an invoice can hold.',
    fix: 'Split the order, or shorten the field named in the message in your webshop, then retry.',
  },
  CONTROL_CHARACTERS: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The order number, e-mail address or currency of the order contains invisible control characters, so it cannot be used as a reference or to find the customer.',
    fix: 'Retype the field named in the message in your webshop (it was probably pasted from elsewhere), then retry.',
  },
  INVALID_DATE: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The order date is not a valid date.',
    fix: 'Check the order date in your webshop and save the order again.',
  },
  UNKNOWN_ORDER_STATUS: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The order has a status doorzet does not know (for example one added by a webshop plugin), so doorzet cannot tell whether it is a sale.',
    fix: 'Set the order to a standard status (processing or completed for a paid order), or ask doorzet support to map the status.',
  },
  DATABASE_REJECTED: {
    retryable: false, pausesSync: false, cause: 'internal',
    explanation: 'The database refused to store a value of this order.',
    fix: 'Retry the sale; if the error comes back, contact doorzet support with the order number.',
  },
  UNSUPPORTED_CURRENCY: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The order is in a currency your accounting system does not book in (or the code is not an ISO 4217 currency).',
    fix: 'Enable the currency in your accounting system if it offers it, or book this order there by hand.',
  },

  // The accounting system (target).
  AUTH_REVOKED: {
    retryable: false, pausesSync: true, cause: 'credentials',
    explanation: 'Your accounting system no longer accepts the connection of doorzet: the access was revoked or has expired.',
    fix: 'Reconnect your accounting system in the doorzet dashboard; the sync resumes by itself.',
  },
  TARGET_MISSING_SCOPE: {
    retryable: false, pausesSync: true, cause: 'credentials',
    explanation: 'Your accounting system accepts the connection of doorzet, but without a permission that booking needs (for example access to sales invoices).',
    fix: 'Grant doorzet the permission named in the message in your accounting system (or reconnect with it), then resume the sync.',
  },
  TARGET_VALIDATION: {
    retryable: false, pausesSync: false, cause: 'target-rejected',
    explanation: 'Your accounting system refused the invoice because a field was not accepted.',
    fix: 'Check the field named in the message, correct it in your webshop or accounting system, and retry.',
  },
  TARGET_PAYMENT_REQUIRED: {
    retryable: false, pausesSync: true, cause: 'target-rejected',
    explanation: 'Your accounting system refuses new invoices because your subscription there has lapsed or reached its limit.',
    fix: 'Renew or upgrade your subscription with your accounting system, then resume the sync.',
  },
  UNKNOWN_TARGET_VAT_RATE: {
    retryable: false, pausesSync: false, cause: 'vat-mapping',
    explanation: 'Your accounting system has no active sales tax rate for a VAT rate used in the order.',
    fix: 'Create or activate that sales tax rate in your accounting system, then retry.',
  },
  ORDER_NOT_FOUND: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The order no longer exists in your webshop.',
    fix: 'No action is needed if the order was deleted on purpose; otherwise restore it and retry.',
  },
  ORDER_CHANGED_AFTER_POSTING: {
    retryable: false, pausesSync: false, cause: 'changed-after-posting',
    explanation: 'The order was changed in your webshop after doorzet had already booked it; doorzet does not create a second invoice.',
    fix: 'Correct the invoice in your accounting system by hand (for example with a credit invoice) and mark this error resolved.',
  },
  // Refunds, corrections and the daily completeness check (issue 10).
  REFUND_WAITING_FOR_INVOICE: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'A refund in your webshop waits for its order to be booked: doorzet credits a refund only against the invoice of its order, and that order has not been booked (yet).',
    fix: 'Look at the errors of the order itself and fix those; the credit note follows by itself once the order is booked.',
  },
  CORRECTION_NEEDS_HISTORY: {
    retryable: false, pausesSync: false, cause: 'changed-after-posting',
    explanation: 'The order was changed after it was booked, but it was booked before doorzet kept what each invoice put on each ledger line, so doorzet cannot credit it exactly.',
    fix: 'Correct the invoice in your accounting system by hand (a credit invoice and a new invoice) and mark this error resolved.',
  },
  ORDER_NOT_BOOKED: {
    retryable: false, pausesSync: false, cause: 'completeness',
    explanation: "The daily check found an order in your webshop that doorzet has neither booked nor skipped nor recorded as failed.",
    fix: 'Retry the order; if it is booked in your accounting system already, mark this error resolved.',
  },
  REFUND_NOT_CREDITED: {
    retryable: false, pausesSync: false, cause: 'completeness',
    explanation: 'The daily check found a refund in your webshop of a booked order that has no credit note in doorzet\'s records.',
    fix: 'Retry the refund; if it is credited in your accounting system already, mark this error resolved.',
  },
  RATE_LIMITED: {
    retryable: true, pausesSync: false, cause: 'target-unavailable',
    explanation: 'The webshop or accounting system asked doorzet to slow down.',
    fix: 'Nothing; doorzet waits the time the system names and tries again.',
  },
  CREDIT_NOTE_BUSY: {
    retryable: true, pausesSync: false, cause: 'target-unavailable',
    explanation: 'Another credit note of the same invoice was being written in the accounting system for a long time; doorzet writes them one at a time.',
    fix: 'Nothing; doorzet tries again by itself. If it lasts, look at the other credit note of this order in the list.',
  },
  TARGET_UNAVAILABLE: {
    retryable: true, pausesSync: false, cause: 'target-unavailable',
    explanation: 'The webshop or accounting system could not be reached or had a temporary fault.',
    fix: 'Nothing; doorzet tries again by itself. If it lasts for hours, check the status page of that system.',
  },
  SOURCE_UNAVAILABLE: {
    retryable: true, pausesSync: false, cause: 'target-unavailable',
    explanation: 'Your webshop could not be reached or had a temporary fault while doorzet read the order.',
    fix: 'Nothing; doorzet tries again by itself. If it lasts for hours, check that your webshop is online.',
  },
  SALE_INVALID: {
    retryable: false, pausesSync: false, cause: 'order-data',
    explanation: 'The webshop returned the order in a shape doorzet cannot read (missing or malformed fields).',
    fix: 'Open the order in your webshop and save it again; if the error comes back, contact doorzet support with the order number.',
  },
  UNEXPECTED: {
    retryable: false, pausesSync: false, cause: 'internal',
    explanation: 'Something went wrong inside doorzet.',
    fix: 'Retry the sale; if the error comes back, contact doorzet support with the order number.',
  },
} as const satisfies Record<string, ErrorDescription>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

// Compile-time guard: every issue validateSale can raise has a catalogue entry.
type MissingIssueCodes = Exclude<SaleIssueCode, ErrorCode>;
const _everyIssueCodeCatalogued: [MissingIssueCodes] extends [never] ? true : MissingIssueCodes = true;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CATALOGUE, code);
}

export interface DescribedError extends ErrorDescription {
  code: ErrorCode;
}

/** The catalogue entry of `code`; a code doorzet does not know (e.g. from an older version) reads as UNEXPECTED. */
export function describeError(code: string): DescribedError {
  const known: ErrorCode = isErrorCode(code) ? code : 'UNEXPECTED';
  return { code: known, ...ERROR_CATALOGUE[known] };
}
