import { formatCents, isCents, sumCents } from './money';
import type { Refund } from './refund';
import type { SaleIssue } from './sale-validation';
import { formatRateBp, isValidRateBp } from './vat';

/**
 * Every reason a refund cannot be credited as it is; empty means it can. Messages hold no personal
 * data. A refund credits what the original sale charged, so rates are only checked for validity here.
 */
export function validateRefund(refund: Refund): SaleIssue[] {
  const issues: SaleIssue[] = [];
  const add = (code: SaleIssue['code'], path: string, message: string) => issues.push({ code, path, message });
  if (refund.orderNumber.trim() === '') add('MISSING_ORDER_NUMBER', 'orderNumber', 'The refunded order has no order number to refer to.');

  let whole = true;
  refund.lines.forEach((line, i) => {
    for (const field of ['totalExclCents', 'vatCents'] as const) {
      if (!isCents(line[field])) {
        whole = false;
        add('INVALID_AMOUNT', `lines[${i}].${field}`, `Refund line ${i + 1} has an amount that is not a whole number of cents.`);
      }
    }
    if (!isValidRateBp(line.vatRateBp)) add('UNKNOWN_VAT_RATE', `lines[${i}].vatRateBp`, `Refund line ${i + 1} has an invalid VAT rate.`);
  });
  for (const field of ['totalExclCents', 'totalVatCents', 'totalInclCents'] as const) {
    if (!isCents(refund[field])) {
      whole = false;
      add('INVALID_AMOUNT', field, `The refund's ${field} is not a whole number of cents.`);
    }
  }
  if (!whole) return issues;

  if (refund.totalInclCents < 0) add('NEGATIVE_TOTAL', 'totalInclCents', 'The refund total is negative.');
  const linesExcl = sumCents(refund.lines.map((l) => l.totalExclCents));
  const linesVat = sumCents(refund.lines.map((l) => l.vatCents));
  if (linesExcl !== refund.totalExclCents || linesVat !== refund.totalVatCents) {
    add('TOTALS_MISMATCH', 'lines', `The refund lines add up to ${formatCents(linesExcl)} excl. and ${formatCents(linesVat)} VAT, but the refund totals are ${formatCents(refund.totalExclCents)} and ${formatCents(refund.totalVatCents)}.`);
  }
  if (refund.totalExclCents + refund.totalVatCents !== refund.totalInclCents) {
    add('TOTALS_MISMATCH', 'totalInclCents', `Refund total excl. VAT ${formatCents(refund.totalExclCents)} plus VAT ${formatCents(refund.totalVatCents)} is not ${formatCents(refund.totalInclCents)}.`);
  }
  for (const total of refund.vatTotals) {
    const lines = refund.lines.filter((l) => l.vatRateBp === total.vatRateBp && (total.vatCountry === undefined || l.vatCountry === total.vatCountry) && (total.regime === undefined || l.regime === total.regime));
    if (sumCents(lines.map((l) => l.totalExclCents)) !== total.taxableCents || sumCents(lines.map((l) => l.vatCents)) !== total.vatCents) {
      add('TOTALS_MISMATCH', 'vatTotals', `The refund's VAT total at ${formatRateBp(total.vatRateBp)} does not match its lines.`);
    }
  }
  return issues;
}
