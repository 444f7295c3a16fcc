import { bookToPaidTotal, MAX_CASH_ROUNDING_CENTS, roundingToleranceCents } from './booking-rounding';
import type { Sale, SaleDebtor, SaleLine, SaleLineKind, SourceVendor, VatRegime } from './sale';
import type { SaleIssue } from './sale-validation';
import { vatOnCents } from './vat';

/**
 * Till sales booked as ONE summary invoice per location per business day (tenant setting
 * `posBooking: 'daily-summary'`). Each sale contributes a share: its amounts per kind, VAT rate and
 * regime, without the debtor or the lines' descriptions. The summary books, per rate, the net
 * amount the tills took, and then goes through THE rounding rule every invoice goes through
 * (domain/booking-rounding): VAT computed once per rate on that total (as the ledger computes it), what
 * that differs from the receipts as one rounding line, and the day's cash rounding as a line of its own,
 * so the summary books to the cent what the tills took.
 */

export interface PosShareLine {
  kind: Extract<SaleLineKind, 'product' | 'shipping' | 'fee' | 'gift-card' | 'tip' | 'duty'>;
  vatRateBp: number;
  vatCountry: string;
  regime: VatRegime;
  exclCents: number;
  vatCents: number;
}

export interface PosSaleShare {
  externalId: string;
  orderNumber: string;
  currency: string;
  lines: PosShareLine[];
  /** Gift cards redeemed at the till. */
  giftCardPaymentsCents: number;
  totalExclCents: number;
  /** What the till took for the sale, its cash rounding included. */
  totalInclCents: number;
  /** The sale's cash rounding (5-cent rounding of a cash payment); absent in shares collected before it was recorded. */
  cashRoundingCents?: number;
  /** How far the receipt's own VAT rounding may move the day's total (its lines' tolerance plus a cent per rate). */
  toleranceCents?: number;
  /** The till location's name (not personal), for the summary's description. */
  locationName?: string;
  pricesIncludeVat?: boolean;
}

/** What one sale adds to its day: discounts fold into the goods of their rate (a till's day total is net of them). */
export function posShareOf(sale: Sale): PosSaleShare {
  const byKey = new Map<string, PosShareLine>();
  const supplies = sale.lines.filter((l): l is SaleLine & { kind: Exclude<SaleLineKind, 'rounding'> } => l.kind !== 'rounding');
  for (const line of supplies) {
    // A sale's own rounding lines are left out: the summary rounds once, on the day's totals (cash rounding is kept apart).
    const kind = line.kind === 'discount' ? 'product' : line.kind;
    const key = `${kind}|${line.vatRateBp}|${line.regime}|${line.vatCountry}`;
    const sum = byKey.get(key) ?? { kind, vatRateBp: line.vatRateBp, vatCountry: line.vatCountry, regime: line.regime, exclCents: 0, vatCents: 0 };
    byKey.set(key, { ...sum, exclCents: sum.exclCents + line.totalExclCents, vatCents: sum.vatCents + line.vatCents });
  }
  const lines = [...byKey.values()];
  return {
    externalId: sale.externalId,
    orderNumber: sale.orderNumber,
    currency: sale.currency,
    lines,
    giftCardPaymentsCents: sale.payments.filter((p) => p.kind === 'gift-card').reduce((s, p) => s + p.amountCents, 0),
    totalExclCents: sale.totalExclCents,
    totalInclCents: sale.totalInclCents,
    cashRoundingCents: sale.cashRoundingCents ?? 0,
    // The receipt rounded VAT per line, the day rounds it per rate: each receipt moves the day's total by at most this.
    toleranceCents: roundingToleranceCents(supplies) + lines.filter((l) => l.vatRateBp > 0).length,
    ...(sale.channel?.locationName ? { locationName: sale.channel.locationName } : {}),
    pricesIncludeVat: sale.pricesIncludeVat,
  };
}

export interface PosDayKey {
  source: SourceVendor;
  location: string;
  locationName: string;
  businessDay: string;
  /** 1 for the day's summary; 2, 3, … for sales that reached doorzet after it was booked. */
  batch: number;
}

/** The invoice reference of a day's summary: stable, so a lookup before a retry finds it. */
export function posDayReference(key: Pick<PosDayKey, 'location' | 'businessDay' | 'batch'>): string {
  return `KASSA-${key.location}-${key.businessDay}${key.batch > 1 ? `-${key.batch}` : ''}`;
}

const kindLabel: Record<PosShareLine['kind'], string> = { product: 'Kassaverkopen', shipping: 'Verzending', fee: 'Toeslagen', 'gift-card': 'Verkochte cadeaukaarten', tip: 'Fooien', duty: 'Invoerrechten' };

/** A summary that does not add up to its receipts: only stored shares that were altered can cause it. */
export class PosDaySummaryError extends Error {
  override readonly name = 'PosDaySummaryError';
  constructor(readonly issues: SaleIssue[]) {
    super(issues.map((i) => i.message).join(' '));
  }
}

/** The most a share's receipt may move the day's total by VAT rounding (shares collected before it was recorded: a bound from their lines). */
const toleranceOf = (share: PosSaleShare): number => share.toleranceCents ?? 2 * roundingToleranceCents(share.lines);

/**
 * The summary Sale of a batch of one location's day, booked by the shared rounding rule: one line per kind
 * and VAT rate (discounts folded in, refunds on a receipt netted), VAT per rate, then the VAT rounding and
 * the cash rounding as lines of their own, totalling what the tills took. Throws PosDaySummaryError when
 * the receipts do not add up (they each did when collected).
 */
export function summarisePosDay(key: PosDayKey, shares: readonly PosSaleShare[], debtor: SaleDebtor, pricesIncludeVat: boolean, homeCountry = debtor.country): Sale {
  const groups = new Map<string, PosShareLine>();
  for (const line of shares.flatMap((s) => s.lines)) {
    const k = `${line.kind}|${line.vatRateBp}|${line.regime}|${line.vatCountry}`;
    const sum = groups.get(k) ?? { ...line, exclCents: 0, vatCents: 0 };
    groups.set(k, { ...sum, exclCents: sum.exclCents + line.exclCents, vatCents: sum.vatCents + line.vatCents });
  }
  const count = shares.length;
  const lines: SaleLine[] = [...groups.values()]
    .sort((a, b) => a.kind.localeCompare(b.kind) || b.vatRateBp - a.vatRateBp)
    .map((g) => ({
      kind: g.kind,
      description: `${kindLabel[g.kind]} ${key.locationName} ${key.businessDay} (${count} bonnen)${g.vatRateBp > 0 ? `, ${g.vatRateBp / 100}% btw` : ''}`,
      quantity: 1,
      totalExclCents: g.exclCents,
      // The VAT the ledger computes on the rate's total; the receipts' own per-line VAT differs by rounding only.
      vatCents: vatOnCents(g.exclCents, g.vatRateBp),
      vatRateBp: g.vatRateBp,
      vatCountry: g.vatCountry,
      regime: g.regime,
    }));
  const took = shares.reduce((s, x) => s + x.totalInclCents, 0);
  const cash = shares.reduce((s, x) => s + (x.cashRoundingCents ?? 0), 0);
  const giftCards = shares.reduce((s, x) => s + x.giftCardPaymentsCents, 0);
  const reference = posDayReference(key);
  // The day as a source would state it: the value of what was sold (cash rounding apart), then the shared rule books it.
  const day: Sale = {
    source: key.source,
    externalId: reference.toLowerCase(),
    orderNumber: reference,
    orderDate: key.businessDay,
    currency: shares[0]?.currency ?? 'EUR',
    modifiedAt: `${key.businessDay}T00:00:00.000Z`,
    regime: lines.find((l) => l.kind === 'product')?.regime ?? 'domestic',
    pricesIncludeVat,
    channel: { kind: 'pos', location: key.location, locationName: key.locationName, businessDay: key.businessDay },
    debtor,
    lines,
    vatTotals: [],
    totalExclCents: lines.reduce((s, l) => s + l.totalExclCents, 0),
    totalVatCents: took - cash - lines.reduce((s, l) => s + l.totalExclCents, 0),
    totalInclCents: took - cash,
    payments: giftCards > 0 ? [{ kind: 'gift-card', amountCents: giftCards, description: 'Cadeaukaarten ingewisseld' }] : [],
    cashRoundingCents: cash,
    note: '',
  };
  const booked = bookToPaidTotal(day, homeCountry, {
    toleranceCents: Math.max(1, shares.reduce((s, x) => s + toleranceOf(x), 0)),
    maxCashRoundingCents: MAX_CASH_ROUNDING_CENTS * Math.max(1, count),
  });
  if (!booked.ok) throw new PosDaySummaryError(booked.issues);
  return booked.sale;
}
