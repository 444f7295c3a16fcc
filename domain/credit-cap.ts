import { ledgerBreakdown, type LedgerLine } from './ledger-breakdown';
import type { Refund } from './refund';
import { exclForIncl, linesForAmount, refundFromLines } from './refund-lines';
import type { SaleLine } from './sale';
import { formatRateBp } from './vat';

/**
 * The credit notes of one invoice never credit more than it booked, per VAT group (rate, country, regime,
 * voucher or not). A refund is capped by what the invoice booked in each group less what earlier credit
 * notes of the same invoice credited (or are claimed to credit) there; rounding lines are not a group.
 * Pure: the claim (db/queries/refund-credit-claim.ts) feeds it the invoice and the earlier credits under a
 * lock per order, so concurrent refunds and cancellations of one order see each other.
 */

/** What is already credited against the invoice, as recorded per credit note. */
export interface EarlierCredit {
  /** Per ledger line, when recorded (credits claimed before per-line amounts were kept have none). */
  breakdown: readonly LedgerLine[] | null;
  amountInclCents: number;
}

export type CappedRefund =
  /** Nothing credited yet covers this refund: credit it as prepared. */
  | { kind: 'within'; refund: Refund }
  /** Partly covered: credit only what the invoice still holds (`cutCents` less than refunded). */
  | { kind: 'capped'; refund: Refund; cutCents: number }
  /** Earlier credit notes (e.g. a cancellation's for the whole order) already credit all of it. */
  | { kind: 'covered' };

interface Group { excl: number; vat: number }

const groupKey = (l: Pick<LedgerLine, 'ledgerKey' | 'vatRateBp' | 'vatCountry' | 'regime'>) =>
  `${l.ledgerKey === 'gift-card' ? 'g' : 's'}|${l.vatRateBp}|${l.vatCountry}|${l.regime}`;

function groupsOf(lines: readonly LedgerLine[]): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const line of lines) {
    if (line.ledgerKey === 'rounding') continue;
    const sum = groups.get(groupKey(line)) ?? { excl: 0, vat: 0 };
    groups.set(groupKey(line), { excl: sum.excl + line.exclCents, vat: sum.vat + line.vatCents });
  }
  return groups;
}

const lineKey = (l: SaleLine) => groupKey({ ledgerKey: l.kind === 'gift-card' ? 'gift-card' : 'revenue-domestic', vatRateBp: l.vatRateBp, vatCountry: l.vatCountry, regime: l.regime });

/**
 * Caps a prepared refund (domain/prepare-refund: regimes of the invoice, rounding line) by what is left of
 * the invoice. `invoice` is the booked invoice per ledger line (null for an invoice booked before those were
 * kept: then only its total caps), `invoiceInclCents` its total. The result of a cut is unprepared again
 * (no rounding line): prepare it once more so the target's own VAT per rate books to the cent.
 */
export function capRefund(refund: Refund, invoice: readonly LedgerLine[] | null, invoiceInclCents: number, earlier: readonly EarlierCredit[]): CappedRefund {
  const lines = refund.lines.filter((l) => l.kind !== 'rounding');
  let kept: SaleLine[] = lines;
  let cut = false;

  if (invoice) {
    const left = groupsOf(invoice);
    for (const credit of earlier) {
      for (const [key, g] of groupsOf(credit.breakdown ?? [])) {
        const sum = left.get(key) ?? { excl: 0, vat: 0 };
        left.set(key, { excl: sum.excl - g.excl, vat: sum.vat - g.vat });
      }
    }
    kept = [];
    const asked = new Map<string, SaleLine[]>();
    for (const line of lines) asked.set(lineKey(line), [...(asked.get(lineKey(line)) ?? []), line]);
    for (const [key, group] of asked) {
      const want = group.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0);
      const rest = left.get(key) ?? { excl: 0, vat: 0 };
      const restIncl = rest.excl + rest.vat;
      if (want <= restIncl) {
        kept.push(...group);
        continue;
      }
      cut = true;
      if (restIncl <= 0) continue;
      // What the invoice still holds in this group, exactly (so invoice and credits net to zero per group).
      const first = group[0]!;
      const excl = rest.excl >= 0 && rest.vat >= 0 ? rest.excl : exclForIncl(restIncl, first.vatRateBp);
      kept.push({
        ...first, description: `${first.description} (rest ${formatRateBp(first.vatRateBp)})`, quantity: 1,
        totalExclCents: excl, vatCents: restIncl - excl,
      });
    }
  }

  // Credits recorded without per-line amounts, or an invoice without them: the total caps.
  const earlierIncl = earlier.reduce((s, c) => s + c.amountInclCents, 0);
  const totalLeft = invoiceInclCents - earlierIncl;
  const keptIncl = kept.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0);
  if (keptIncl > totalLeft) {
    cut = true;
    kept = totalLeft > 0 && keptIncl > 0 ? linesForAmount(totalLeft, kept, `${refund.orderNumber} (rest)`) : [];
  }

  if (!cut) return { kind: 'within', refund };
  const capped = refundFromLines({ ...refund, lines: kept });
  if (capped.totalInclCents <= 0) return { kind: 'covered' };
  return { kind: 'capped', refund: capped, cutCents: refund.totalInclCents - capped.totalInclCents };
}

/** What a credit note credits per ledger line (kept with its claim; no personal data). */
export const creditBreakdown = (refund: Refund): LedgerLine[] => ledgerBreakdown(refund.lines);
