import { z } from 'zod';
import { formatCents, isCents, sumCents } from './money';
import type { Sale } from './sale';
import { hasUnsafeText } from './text-safety';
import { formatRateBp, isValidRateBp, sourceVatByGroup, vatGroupKey, vatOnCents } from './vat';

export const SALE_ISSUE_CODES = [
  'SALE_TOO_LARGE',
  'CONTROL_CHARACTERS',
  'NO_LINES',
  'NON_POSITIVE_QUANTITY',
  'INVALID_AMOUNT',
  'UNSUPPORTED_CURRENCY',
  'UNKNOWN_VAT_RATE',
  'VAT_NUMBER_INVALID',
  'GIFT_CARD_WITH_VAT',
  'TOTALS_MISMATCH',
  'NEGATIVE_TOTAL',
  'NOTE_TOO_LONG',
  'INVALID_EMAIL',
  'MISSING_ORDER_NUMBER',
  'INVALID_DATE',
] as const;

export type SaleIssueCode = (typeof SALE_ISSUE_CODES)[number];

/** One reason a sale cannot be posted. `message` never contains personal data (no e-mail, names, note text). */
export interface SaleIssue {
  code: SaleIssueCode;
  /** Where in the Sale, e.g. `lines[2].quantity`, `debtor.email`, `totalInclCents`. */
  path: string;
  message: string;
}

export interface SaleValidationOptions {
  /** ISO 4217 codes the target books in, or 'any' (the default). */
  currencies?: 'any' | readonly string[];
  maxNoteChars?: number;
}

export const DEFAULT_MAX_NOTE_CHARS = 5_000;

/**
 * A source rounds VAT per line, a target per group of lines with one rate: they may differ by up to a
 * cent per line of the group (each line's rounding is off by at most half a cent on the amount and half
 * on the VAT). A larger gap means the source's amounts do not hold together.
 */
export function groupVatTolerance(linesInGroup: number): number {
  return Math.max(1, linesInGroup);
}

const emailSchema = z.email();

/** A sale larger than this cannot be booked (and would not fit the vendor's request limits either). */
export const MAX_SALE_LINES = 10_000;
/** Per text field (a line description, a name, an address line). */
export const MAX_TEXT_CHARS = 1_000;
export const MAX_ORDER_NUMBER_CHARS = 100;
export const MAX_EMAIL_CHARS = 254;

/** The text fields of a sale that describe (names, addresses, lines), with their paths. */
function descriptiveFields(sale: Sale): [string, string][] {
  const d = sale.debtor;
  const fields: [string, string][] = [
    ['debtor.firstName', d.firstName], ['debtor.lastName', d.lastName], ['debtor.company', d.company], ['debtor.address1', d.address1],
    ['debtor.postcode', d.postcode], ['debtor.city', d.city], ['debtor.country', d.country],
  ];
  sale.lines.forEach((line, i) => {
    fields.push([`lines[${i}].description`, line.description]);
    if (line.sku !== undefined) fields.push([`lines[${i}].sku`, line.sku]);
  });
  return fields;
}

function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const at = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === text;
}

/** Every reason the sale cannot be booked as it is; an empty list means it can. Rates are checked by the regime decision. */
export function validateSale(sale: Sale, opts: SaleValidationOptions = {}): SaleIssue[] {
  const maxNoteChars = opts.maxNoteChars ?? DEFAULT_MAX_NOTE_CHARS;
  const currencies = opts.currencies ?? 'any';
  const issues: SaleIssue[] = [];
  const add = (code: SaleIssueCode, path: string, message: string) => issues.push({ code, path, message });

  if (sale.lines.length > MAX_SALE_LINES) {
    add('SALE_TOO_LARGE', 'lines', `The order has ${sale.lines.length} lines; at most ${MAX_SALE_LINES} can be booked.`);
  }
  let oversized = 0;
  for (const [path, text] of descriptiveFields(sale)) {
    if (text.length <= MAX_TEXT_CHARS) continue;
    // Name a few fields, not ten thousand.
    if (oversized++ < 3) add('SALE_TOO_LARGE', path, `The field ${path} has ${text.length} characters; at most ${MAX_TEXT_CHARS} are allowed.`);
  }
  if (sale.orderNumber.length > MAX_ORDER_NUMBER_CHARS) {
    add('SALE_TOO_LARGE', 'orderNumber', `The order number has ${sale.orderNumber.length} characters; at most ${MAX_ORDER_NUMBER_CHARS} are allowed.`);
  }
  // Identifiers are matched and printed as they are: a control character there is refused, not cleaned.
  for (const [path, text] of [['orderNumber', sale.orderNumber], ['debtor.email', sale.debtor.email], ['currency', sale.currency]] as const) {
    if (hasUnsafeText(text)) add('CONTROL_CHARACTERS', path, `The field ${path} contains control characters (for example U+0000) that cannot be booked.`);
  }

  if (sale.orderNumber.trim() === '') add('MISSING_ORDER_NUMBER', 'orderNumber', 'The order has no order number to use as the invoice reference.');
  if (!isCalendarDate(sale.orderDate)) add('INVALID_DATE', 'orderDate', 'The order date is not a valid calendar date.');

  // A currency code is not personal data; cap it in case a source sends garbage.
  const shown = JSON.stringify(sale.currency.slice(0, 8));
  if (!/^[A-Z]{3}$/.test(sale.currency)) {
    add('UNSUPPORTED_CURRENCY', 'currency', `The order's currency ${shown} is not an ISO 4217 code.`);
  } else if (currencies !== 'any' && !currencies.includes(sale.currency)) {
    add('UNSUPPORTED_CURRENCY', 'currency', `The order is in ${sale.currency}; the accounting system books only ${currencies.join(', ')}.`);
  }

  if (sale.debtor.email.trim() === '') {
    add('INVALID_EMAIL', 'debtor.email', "The customer's e-mail address is missing.");
  } else if (sale.debtor.email.length > MAX_EMAIL_CHARS || !emailSchema.safeParse(sale.debtor.email).success) {
    add('INVALID_EMAIL', 'debtor.email', "The customer's e-mail address is not a valid address.");
  }

  const noteChars = [...sale.note].length; // code points, so an emoji counts once
  if (noteChars > maxNoteChars) {
    add('NOTE_TOO_LONG', 'note', `The customer note has ${noteChars} characters; at most ${maxNoteChars} are allowed.`);
  }

  // Shipping or a fee alone is no sale: something must be sold (goods, services or a gift card).
  if (!sale.lines.some((l) => l.kind === 'product' || l.kind === 'gift-card')) add('NO_LINES', 'lines', 'The order has no product lines.');

  let amountsAreWhole = true;
  sale.lines.forEach((line, i) => {
    const at = `lines[${i}]`;
    const lineNo = i + 1;
    if (!Number.isFinite(line.quantity) || line.quantity <= 0) {
      add('NON_POSITIVE_QUANTITY', `${at}.quantity`, `Line ${lineNo} has quantity ${Number.isFinite(line.quantity) ? line.quantity : 'that is not a number'}; it must be more than 0.`);
    }
    for (const field of ['totalExclCents', 'vatCents'] as const) {
      if (!isCents(line[field])) {
        amountsAreWhole = false;
        add('INVALID_AMOUNT', `${at}.${field}`, `Line ${lineNo} has an amount that is not a whole number of cents.`);
      }
    }
    if (!isValidRateBp(line.vatRateBp)) {
      amountsAreWhole = false;
      add('UNKNOWN_VAT_RATE', `${at}.vatRateBp`, `Line ${lineNo} has a VAT rate that is not a percentage between 0 and 100.`);
    }
  });

  for (const field of ['totalExclCents', 'totalVatCents', 'totalInclCents'] as const) {
    if (!isCents(sale[field])) {
      amountsAreWhole = false;
      add('INVALID_AMOUNT', field, `The order's ${field} is not a whole number of cents.`);
    }
  }
  sale.vatTotals.forEach((total, i) => {
    if (!isCents(total.taxableCents) || !isCents(total.vatCents)) {
      amountsAreWhole = false;
      add('INVALID_AMOUNT', `vatTotals[${i}]`, `VAT total ${i + 1} is not a whole number of cents.`);
    }
  });
  sale.payments.forEach((payment, i) => {
    if (!isCents(payment.amountCents) || payment.amountCents <= 0) {
      amountsAreWhole = false;
      add('INVALID_AMOUNT', `payments[${i}].amountCents`, `Payment ${i + 1} (${payment.kind}) is not a positive whole number of cents.`);
    }
  });

  // Totals can only be compared once every amount is a whole number of cents.
  if (amountsAreWhole) {
    if (sale.totalInclCents < 0 || sale.totalExclCents < 0) {
      add('NEGATIVE_TOTAL', sale.totalInclCents < 0 ? 'totalInclCents' : 'totalExclCents', 'The order total is negative; refunds are not booked as sales.');
    }
    try {
      issues.push(...totalsIssues(sale));
    } catch (error) {
      // Each amount is a safe integer, but their sum or VAT is not: no booking can hold it.
      if (!(error instanceof RangeError)) throw error;
      add('INVALID_AMOUNT', 'totalInclCents', 'The amounts of the order add up to more than can be booked.');
    }
  }
  return issues;
}

function totalsIssues(sale: Sale): SaleIssue[] {
  const issues: SaleIssue[] = [];
  const mismatch = (path: string, message: string) => issues.push({ code: 'TOTALS_MISMATCH', path, message });

  const linesExcl = sumCents(sale.lines.map((l) => l.totalExclCents));
  if (sale.lines.length > 0 && linesExcl !== sale.totalExclCents) {
    mismatch('totalExclCents', `The lines add up to ${formatCents(linesExcl)} excl. VAT, but the order total excl. VAT is ${formatCents(sale.totalExclCents)}.`);
  }
  if (sale.totalExclCents + sale.totalVatCents !== sale.totalInclCents) {
    mismatch('totalInclCents', `Total excl. VAT ${formatCents(sale.totalExclCents)} plus VAT ${formatCents(sale.totalVatCents)} is not the total incl. VAT ${formatCents(sale.totalInclCents)}.`);
  }
  const paid = sumCents(sale.payments.map((p) => p.amountCents));
  if (paid > 0 && paid > sale.totalInclCents) {
    mismatch('payments', `Gift cards and store credit paid ${formatCents(paid)}, more than the order total ${formatCents(sale.totalInclCents)}.`);
  }

  // Per group (regime, country, rate): the source's line VAT must be within rounding of the per-group rule.
  const taxable = new Map<string, { rateBp: number; cents: number; country: string }>();
  for (const line of sale.lines) {
    const key = vatGroupKey(line);
    const sum = taxable.get(key) ?? { rateBp: line.vatRateBp, cents: 0, country: line.vatCountry };
    taxable.set(key, { ...sum, cents: sum.cents + line.totalExclCents });
  }
  let tolerance = 0;
  for (const [key, source] of sourceVatByGroup(sale.lines)) {
    const group = taxable.get(key);
    if (!group) continue;
    const expected = vatOnCents(group.cents, group.rateBp);
    const allowed = groupVatTolerance(source.lines);
    tolerance += allowed;
    if (Math.abs(source.vatCents - expected) > allowed) {
      const rate = formatRateBp(group.rateBp);
      mismatch('lines', `The lines charge ${formatCents(source.vatCents)} VAT at ${rate}${group.country ? ` (${group.country})` : ''}, but ${rate} of ${formatCents(group.cents)} is ${formatCents(expected)}.`);
    }
  }

  // The sale's own VAT summary must describe the same lines.
  const seen = new Set<string>();
  sale.vatTotals.forEach((total, i) => {
    const at = `vatTotals[${i}]`;
    const key = vatGroupKey(total);
    const rate = isValidRateBp(total.vatRateBp) ? formatRateBp(total.vatRateBp) : 'an invalid rate';
    if (seen.has(key)) {
      mismatch(at, `VAT rate ${rate} is listed twice in the VAT totals.`);
      return;
    }
    seen.add(key);
    const group = taxable.get(key);
    if (group === undefined) {
      mismatch(at, `The VAT totals list rate ${rate}, but no line has that rate.`);
      return;
    }
    if (total.taxableCents !== group.cents) {
      mismatch(at, `The VAT totals give ${formatCents(total.taxableCents)} taxable at ${rate}, but the lines add up to ${formatCents(group.cents)}.`);
    }
    const expected = vatOnCents(group.cents, total.vatRateBp);
    const allowed = groupVatTolerance(sourceVatByGroup(sale.lines).get(key)?.lines ?? 1);
    if (Math.abs(total.vatCents - expected) > allowed) {
      mismatch(at, `The VAT totals give ${formatCents(total.vatCents)} VAT at ${rate}, but ${rate} of ${formatCents(group.cents)} is ${formatCents(expected)}.`);
    }
  });
  for (const [key, group] of taxable) {
    if (!seen.has(key)) mismatch('vatTotals', `Lines have VAT rate ${formatRateBp(group.rateBp)}, but the VAT totals do not list it.`);
  }

  const perGroupVat = sumCents(sale.vatTotals.map((t) => t.vatCents));
  if (sale.vatTotals.length > 0 && Math.abs(perGroupVat - sale.totalVatCents) > Math.max(tolerance, 1)) {
    mismatch('totalVatCents', `The VAT totals add up to ${formatCents(perGroupVat)}, but the order's VAT is ${formatCents(sale.totalVatCents)}.`);
  }
  return issues;
}
