import { bookToPaidTotal } from './booking-rounding';
import type { Sale } from './sale';
import { SALE_ISSUE_CODES, validateSale } from './sale-validation';
import type { SaleIssue } from './sale-validation';
import type { TenantSettings } from './tenant-settings';
import { applyVatRegimes, invoiceNoteFor } from './vat-regime';
import type { RegimeDecision } from './vat-regime';

export interface PrepareOptions {
  /** ISO 4217 codes the tenant's target books in, or 'any' (TargetDescriptor.currencies). */
  currencies: 'any' | readonly string[];
}

export type PreparedSale =
  | { kind: 'bookable'; sale: Sale; decision: RegimeDecision; roundingCents: number }
  /** A zero-value order (100 % coupon, free sample) the tenant chose not to book: no error. */
  | { kind: 'skipped'; reason: 'zero-value'; sale: Sale; decision: RegimeDecision }
  | { kind: 'rejected'; issues: SaleIssue[]; decision: RegimeDecision | null };

const byCatalogueOrder = (issues: SaleIssue[]): SaleIssue[] =>
  [...issues].sort((a, b) => SALE_ISSUE_CODES.indexOf(a.code) - SALE_ISSUE_CODES.indexOf(b.code));

/**
 * From the sale as the source states it to the sale as the target books it, with the tenant's settings:
 * 1. the source's facts are checked (shape, amounts, currency the target books, totals hold together);
 * 2. the VAT regime is decided per order and per line, and every rate is checked against it;
 * 3. zero-value orders are skipped when the tenant says so;
 * 4. the rounding rule makes the booked total incl. VAT equal what the customer paid.
 * Pure: the fetch activity, the preview and the tests all run exactly this.
 */
export function prepareSale(source: Sale, settings: Pick<TenantSettings, 'homeCountry' | 'ossRegistered' | 'zeroValueOrders'>, options: PrepareOptions): PreparedSale {
  const factIssues = validateSale(source, { currencies: options.currencies });
  // Rates are judged even when the amounts do not hold together: a wrong rate is often why they do not.
  const whole = !factIssues.some((i) => i.code === 'INVALID_AMOUNT' || i.code === 'UNKNOWN_VAT_RATE');
  const regimes = whole ? applyVatRegimes(source, settings) : null;
  const regimeIssues = regimes && !regimes.ok ? regimes.issues : [];
  if (factIssues.length > 0 || regimeIssues.length > 0 || !regimes?.ok) {
    return { kind: 'rejected', issues: byCatalogueOrder([...factIssues, ...regimeIssues]), decision: regimes?.decision ?? null };
  }
  const { decision } = regimes;
  const note = invoiceNoteFor(decision.regime);
  const decided: Sale = { ...regimes.sale, ...(note === null ? {} : { invoiceNote: note }) };

  if (source.totalInclCents === 0 && settings.zeroValueOrders === 'skip') return { kind: 'skipped', reason: 'zero-value', sale: decided, decision };

  const booked = bookToPaidTotal(decided, settings.homeCountry);
  if (!booked.ok) return { kind: 'rejected', issues: booked.issues, decision };
  // The booked sale must satisfy every invariant a target relies on; by construction it does.
  const left = validateSale(booked.sale, { currencies: options.currencies });
  if (left.length > 0) return { kind: 'rejected', issues: byCatalogueOrder(left), decision };
  return { kind: 'bookable', sale: booked.sale, decision, roundingCents: booked.roundingCents };
}
