import { ledgerKeyOf } from './ledger';
import type { LedgerKey } from './ledger';
import { prepareSale } from './prepare-sale';
import type { Sale, SaleLine, VatRegime } from './sale';
import type { TenantSettings } from './tenant-settings';

/** One invoice row as the target would record it. */
export interface PreviewLine {
  description: string;
  quantity: number;
  unitPriceCents: number;
  vatRatePercent: number;
  vatCountry: string;
  ledger: LedgerKey;
}

/**
 * What booking one order would do, without booking it: `npm run preview` and `POST /tenants/{id}/preview`.
 * Holds no debtor fields (the order is personal data; the preview shows amounts, rates and products only).
 */
export interface PreviewResult {
  bookable: boolean;
  /** The order's VAT regime, or 'undetermined' when the order was refused before it could be decided. */
  regime: VatRegime | 'undetermined';
  currency: string;
  lines: PreviewLine[];
  totalExclCents: number;
  totalInclCents: number;
  issues: { code: string; path: string; message: string }[];
  /** Present when the tenant's settings skip this order (zeroValueOrders = 'skip'): not an error. */
  skipped?: 'zero-value';
}

/**
 * A row as targets record it: amount × unit price must give the line total exactly, so a line whose
 * total does not divide by its quantity becomes one row of "<qty> × description" at the line total.
 */
export function previewLine(line: SaleLine): PreviewLine {
  const q = line.quantity;
  const divides = Number.isInteger(q) && q > 0 && line.totalExclCents % q === 0;
  return {
    description: divides ? line.description : `${q} × ${line.description}`,
    quantity: divides ? q : 1,
    unitPriceCents: divides ? line.totalExclCents / q : line.totalExclCents,
    vatRatePercent: line.vatRateBp / 100,
    vatCountry: line.vatCountry,
    ledger: ledgerKeyOf(line),
  };
}

/** A source that could not even be read as a sale: its issues, nothing else. */
export function unreadablePreview(issues: PreviewResult['issues'], currency = ''): PreviewResult {
  return { bookable: false, regime: 'undetermined', currency, lines: [], totalExclCents: 0, totalInclCents: 0, issues };
}

/** Runs exactly what the sale workflow runs (domain/prepare-sale) and describes the outcome. */
export function previewSale(source: Sale, settings: TenantSettings, currencies: 'any' | readonly string[]): PreviewResult {
  const prepared = prepareSale(source, settings, { currencies });
  if (prepared.kind === 'rejected') {
    return {
      bookable: false,
      regime: prepared.decision?.regime ?? 'undetermined',
      currency: source.currency,
      lines: source.lines.map(previewLine),
      totalExclCents: source.totalExclCents,
      totalInclCents: source.totalInclCents,
      issues: prepared.issues.map(({ code, path, message }) => ({ code, path, message })),
    };
  }
  const { sale } = prepared;
  return {
    bookable: prepared.kind === 'bookable',
    regime: prepared.decision.regime,
    currency: sale.currency,
    lines: sale.lines.map(previewLine),
    totalExclCents: sale.totalExclCents,
    totalInclCents: sale.totalInclCents,
    issues: [],
    ...(prepared.kind === 'skipped' ? { skipped: 'zero-value' as const } : {}),
  };
}
