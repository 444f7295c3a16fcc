import type { SaleLine } from './sale';

/**
 * The revenue and balance accounts a line is booked on, by what it is. A tenant maps each key to an
 * account of its ledger (settings); a target uses its administration's default for unmapped keys.
 */
export const LEDGER_KEYS = [
  'revenue-domestic', // goods and services at home-country rates
  'revenue-oss', // EU distance sales under the One-Stop Shop
  'revenue-reverse-charge', // intra-EU B2B
  'revenue-export', // outside the EU
  'shipping',
  'fee', // payment and handling costs charged to the customer
  'gift-card', // multi-purpose vouchers sold: a liability, not revenue
  'rounding',
  'tip', // tips passed on to staff: outside the scope of VAT
  'duty', // import duties collected for customs: outside the scope of VAT
] as const;

export type LedgerKey = (typeof LEDGER_KEYS)[number];

/** The ledger key of one sale or refund line. */
export function ledgerKeyOf(line: Pick<SaleLine, 'kind' | 'regime'>): LedgerKey {
  switch (line.kind) {
    case 'gift-card': return 'gift-card';
    case 'rounding': return 'rounding';
    case 'shipping': return 'shipping';
    case 'fee': return 'fee';
    case 'tip': return 'tip';
    case 'duty': return 'duty';
    case 'product':
    case 'discount':
      switch (line.regime) {
        case 'oss': return 'revenue-oss';
        case 'reverse-charge': return 'revenue-reverse-charge';
        case 'export': return 'revenue-export';
        default: return 'revenue-domestic';
      }
  }
}
