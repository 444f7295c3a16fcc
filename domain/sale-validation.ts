import { z } from 'zod';
import { formatCents, isCents, sumCents } from './money';
import type { Sale } from './sale';
import { hasUnsafeText } from './text-safety';
import { DUTCH_VAT_RATES_BP, formatRateBp, isValidRateBp, sourceVatByRate, vatOnCents } from './vat';

export const SALE_ISSUE_CODES = [
  'SALE_TOO_LARGE',
  'CONTROL_CHARACTERS',
  'NO_LINES',
  'NON_POSITIVE_QUANTITY',
  'INVALID_AMOUNT',
  'UNKNOWN_VAT_RATE',
  'TOTALS_MISMATCH',
  'NEGATIVE_TOTAL',
  'NOTE_TOO_LONG',
  'INVALID_EMAIL',
  'MISSING_ORDER_NUMBER',
  'INVALID_DATE',
  'UNSUPPORTED_CURRENCY',
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
  allowedVatRatesBp?: readonly number[];
  maxNoteChars?: number;
}

export const DEFAULT_MAX_NOTE_CHARS = 5_000;
export const SUPPORTED_CURRENCIES = ['EUR'] as const;

/**
 * The source rounds VAT per line, doorzet (like most ledgers) per rate; the two may differ by a cent
 * on each rate. A larger gap means the source's amounts do not hold together.
 */
export const VAT_ROUNDING_TOLERANCE_CENTS_PER_RATE = 1;

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

/** Every reason the sale cannot be booked as it is; an empty list means it can. */
export function validateSale(sale: Sale, opts: SaleValidationOptions = {}): SaleIssue[] {
  const allowedRates = opts.allowedVatRatesBp ?? DUTCH_VAT_RATES_BP;
  const maxNoteChars = opts.maxNoteChars ?? DEFAULT_MAX_NOTE_CHARS;
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

  if (!(SUPPORTED_CURRENCIES as readonly string[]).includes(sale.currency)) {
    // A currency code is not personal data; cap it in case a source sends garbage.
    add('UNSUPPORTED_CURRENCY', 'currency', `The order is in ${JSON.stringify(sale.currency.slice(0, 8))}; only ${SUPPORTED_CURRENCIES.join(', ')} is supported.`);
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

  // Shipping or a fee alone is no sale: there must be something sold.
  if (!sale.lines.some((l) => l.kind === 'product')) add('NO_LINES', 'lines', 'The order has no product lines.');

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
    if (!isValidRateBp(line.vatRateBp) || !allowedRates.includes(line.vatRateBp)) {
      const rate = isValidRateBp(line.vatRateBp) ? formatRateBp(line.vatRateBp) : 'an invalid rate';
      add('UNKNOWN_VAT_RATE', `${at}.vatRateBp`, `Line ${lineNo} has VAT rate ${rate}, which is not one of ${allowedRates.map(formatRateBp).join(', ')}.`);
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

  // Per rate: the source's line VAT must be within the rounding tolerance of the per-rate rule.
  const taxableByRate = new Map<number, number>();
  for (const line of sale.lines) {
    if (!isValidRateBp(line.vatRateBp)) continue; // reported as UNKNOWN_VAT_RATE
    taxableByRate.set(line.vatRateBp, (taxableByRate.get(line.vatRateBp) ?? 0) + line.totalExclCents);
  }
  for (const [rateBp, lineVat] of sourceVatByRate(sale.lines.filter((l) => isValidRateBp(l.vatRateBp)))) {
    const expected = vatOnCents(taxableByRate.get(rateBp) ?? 0, rateBp);
    if (Math.abs(lineVat - expected) > VAT_ROUNDING_TOLERANCE_CENTS_PER_RATE) {
      mismatch('lines', `The lines charge ${formatCents(lineVat)} VAT at ${formatRateBp(rateBp)}, but ${formatRateBp(rateBp)} of ${formatCents(taxableByRate.get(rateBp) ?? 0)} is ${formatCents(expected)}.`);
    }
  }

  // The sale's own per-rate summary must describe the same lines.
  const seen = new Set<number>();
  sale.vatTotals.forEach((total, i) => {
    const at = `vatTotals[${i}]`;
    const rate = isValidRateBp(total.vatRateBp) ? formatRateBp(total.vatRateBp) : 'an invalid rate';
    if (seen.has(total.vatRateBp)) {
      mismatch(at, `VAT rate ${rate} is listed twice in the VAT totals.`);
      return;
    }
    seen.add(total.vatRateBp);
    const taxable = taxableByRate.get(total.vatRateBp);
    if (taxable === undefined) {
      mismatch(at, `The VAT totals list rate ${rate}, but no line has that rate.`);
      return;
    }
    if (total.taxableCents !== taxable) {
      mismatch(at, `The VAT totals give ${formatCents(total.taxableCents)} taxable at ${rate}, but the lines add up to ${formatCents(taxable)}.`);
    }
    const expected = vatOnCents(taxable, total.vatRateBp);
    if (Math.abs(total.vatCents - expected) > VAT_ROUNDING_TOLERANCE_CENTS_PER_RATE) {
      mismatch(at, `The VAT totals give ${formatCents(total.vatCents)} VAT at ${rate}, but ${rate} of ${formatCents(taxable)} is ${formatCents(expected)}.`);
    }
  });
  for (const rateBp of taxableByRate.keys()) {
    if (!seen.has(rateBp)) mismatch('vatTotals', `Lines have VAT rate ${formatRateBp(rateBp)}, but the VAT totals do not list it.`);
  }

  // Per-rate VAT may be the rule's or the source's; either way within a cent per rate of the total.
  const perRateVat = sumCents(sale.vatTotals.map((t) => t.vatCents));
  const tolerance = VAT_ROUNDING_TOLERANCE_CENTS_PER_RATE * sale.vatTotals.length;
  if (sale.vatTotals.length > 0 && Math.abs(perRateVat - sale.totalVatCents) > tolerance) {
    mismatch('totalVatCents', `The VAT totals add up to ${formatCents(perRateVat)}, but the order's VAT is ${formatCents(sale.totalVatCents)}.`);
  }
  return issues;
}
