import { ledgerKeyOf } from '../../../domain/ledger';
import type { LedgerKey } from '../../../domain/ledger';
import type { SaleLine } from '../../../domain/sale';
import { divideRoundHalfAway } from '../../decimal';
import { ConnectorError } from '../../errors';
import type { TaxChoice } from './taxes';

/** One invoice line as doorzet sends it: `quantity × price_unit`, the price in cents. */
export interface PlannedLine {
  name: string;
  quantity: number;
  /** Excluding the tax, or including it when the chosen tax is price-included. */
  unitCents: number;
  tax: TaxChoice;
  ledgerKey: LedgerKey;
}

type LineInput = Pick<SaleLine, 'kind' | 'description' | 'quantity' | 'totalExclCents' | 'vatCents' | 'regime'>;

/**
 * Odoo recomputes every line as quantity × price_unit (rounded to the price's precision, two
 * decimals by default), so a line may only say "qty × unit price" when its total divides exactly by
 * the quantity; otherwise it is quantity 1 at the line total, "<qty> × " in front of the label.
 * A price-included tax takes the price including the shop's VAT for that line.
 */
export function planLines(lines: readonly LineInput[], taxes: readonly TaxChoice[]): PlannedLine[] {
  return lines.map((line, i) => {
    const tax = taxes[i] ?? null;
    const total = tax?.price_include ? line.totalExclCents + line.vatCents : line.totalExclCents;
    const q = line.quantity;
    const divides = Number.isInteger(q) && q > 0 && total % q === 0;
    return {
      name: divides ? line.description : `${q} × ${line.description}`,
      quantity: divides ? q : 1,
      unitCents: divides ? total / q : total,
      tax,
      ledgerKey: ledgerKeyOf(line),
    };
  });
}

const percentBp = (tax: NonNullable<TaxChoice>): number => Math.round(tax.amount * 100);

/**
 * The total including tax that Odoo will compute for these lines, by the company's rounding
 * method (res.company tax_calculation_rounding_method): tax rounded per line, or summed per tax and
 * rounded once. Price-included lines keep their total; their tax is taken out of it.
 */
export function odooTotalCents(lines: readonly PlannedLine[], method: 'round_per_line' | 'round_globally'): number {
  let total = 0;
  const perTax = new Map<number, { numerator: number; denominator: number }>();
  for (const line of lines) {
    const amount = line.quantity * line.unitCents;
    total += amount;
    if (!line.tax) continue;
    const rate = percentBp(line.tax);
    const included = line.tax.price_include;
    // Excluded: tax = amount × r; included: the amount already holds it (nothing to add).
    if (included) continue;
    if (method === 'round_per_line') total += divideRoundHalfAway(amount * rate, 10_000);
    else {
      const sum = perTax.get(line.tax.id) ?? { numerator: 0, denominator: 10_000 };
      perTax.set(line.tax.id, { numerator: sum.numerator + amount * rate, denominator: 10_000 });
    }
  }
  for (const { numerator, denominator } of perTax.values()) total += divideRoundHalfAway(numerator, denominator);
  return total;
}

/**
 * Makes the document total exactly what the customer paid: the sale's own rounding lines are
 * replaced by one that covers the difference between Odoo's arithmetic and the paid total (rate 0,
 * on the rounding account). A difference beyond rounding (over a cent per taxed line) is refused.
 */
export function withRoundingLine(lines: readonly PlannedLine[], paidInclCents: number, method: 'round_per_line' | 'round_globally', label = 'Afronding btw'): PlannedLine[] {
  const kept = lines.filter((l) => l.ledgerKey !== 'rounding');
  const difference = paidInclCents - odooTotalCents(kept, method);
  if (difference === 0) return kept;
  // As the sale's own rounding rule allows: a cent per taxed line (shops round each line's VAT their own way).
  const tolerance = Math.max(1, kept.filter((l) => l.tax !== null && l.tax.amount > 0).length);
  if (Math.abs(difference) > tolerance) {
    throw new ConnectorError('VALIDATION', `odoo would book ${odooTotalCents(kept, method)} cents where the customer paid ${paidInclCents}`, {
      issues: [{ code: 'totals_mismatch', path: 'totalInclCents', message: `Odoo's tax arithmetic differs from the order's total by ${difference} cents, more than rounding` }],
    });
  }
  return [...kept, { name: label, quantity: 1, unitCents: difference, tax: null, ledgerKey: 'rounding' }];
}
