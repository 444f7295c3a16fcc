import type { Sale, SaleDebtor, SaleLine, SaleLineKind, SourceVendor, VatRegime, VatTotal } from './sale';
import { vatOnCents } from './vat';

/**
 * Till sales booked as ONE summary invoice per location per business day (tenant setting
 * `posBooking: 'daily-summary'`). Each sale contributes a share: its amounts per kind, VAT rate and
 * regime, without the debtor or the lines' descriptions. The summary books, per rate, the net
 * amount the tills took and the VAT on it computed once on that total (as the ledger computes it);
 * what that rounding differs from the sum of the receipts becomes a rounding line, so the summary
 * still books to the cent what the customers paid.
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
  totalInclCents: number;
  /** The till location's name (not personal), for the summary's description. */
  locationName?: string;
  pricesIncludeVat?: boolean;
}

/** What one sale adds to its day: discounts fold into the goods of their rate (a till's day total is net of them). */
export function posShareOf(sale: Sale): PosSaleShare {
  const byKey = new Map<string, PosShareLine>();
  for (const line of sale.lines) {
    // A sale's own rounding line is left out: the summary rounds once, on the day's totals.
    if (line.kind === 'rounding') continue;
    const kind = line.kind === 'discount' ? 'product' : line.kind;
    const key = `${kind}|${line.vatRateBp}|${line.regime}|${line.vatCountry}`;
    const sum = byKey.get(key) ?? { kind, vatRateBp: line.vatRateBp, vatCountry: line.vatCountry, regime: line.regime, exclCents: 0, vatCents: 0 };
    byKey.set(key, { ...sum, exclCents: sum.exclCents + line.totalExclCents, vatCents: sum.vatCents + line.vatCents });
  }
  return {
    externalId: sale.externalId,
    orderNumber: sale.orderNumber,
    currency: sale.currency,
    lines: [...byKey.values()],
    giftCardPaymentsCents: sale.payments.filter((p) => p.kind === 'gift-card').reduce((s, p) => s + p.amountCents, 0),
    totalExclCents: sale.totalExclCents,
    totalInclCents: sale.totalInclCents,
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

/** The summary Sale of a batch of one location's day. */
export function summarisePosDay(key: PosDayKey, shares: readonly PosSaleShare[], debtor: SaleDebtor, pricesIncludeVat: boolean): Sale {
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
      vatCents: vatOnCents(g.exclCents, g.vatRateBp),
      vatRateBp: g.vatRateBp,
      vatCountry: g.vatCountry,
      regime: g.regime,
    }));
  const paid = shares.reduce((s, x) => s + x.totalInclCents, 0);
  const booked = lines.reduce((s, l) => s + l.totalExclCents + l.vatCents, 0);
  if (paid !== booked) {
    // Bounded by the receipts, not the summary's few lines: each receipt line may round half a cent.
    const home = lines[0]?.vatCountry ?? debtor.country;
    lines.push({ kind: 'rounding', description: 'Afronding btw per tarief', quantity: 1, totalExclCents: paid - booked, vatCents: 0, vatRateBp: 0, vatCountry: home, regime: 'domestic' });
  }
  const vatTotals = new Map<number, VatTotal>();
  for (const l of lines) {
    const t = vatTotals.get(l.vatRateBp) ?? { vatRateBp: l.vatRateBp, taxableCents: 0, vatCents: 0 };
    vatTotals.set(l.vatRateBp, { ...t, taxableCents: t.taxableCents + l.totalExclCents, vatCents: t.vatCents + l.vatCents });
  }
  const totalVat = lines.reduce((s, l) => s + l.vatCents, 0);
  const giftCards = shares.reduce((s, x) => s + x.giftCardPaymentsCents, 0);
  const reference = posDayReference(key);
  return {
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
    vatTotals: [...vatTotals.values()].sort((a, b) => b.vatRateBp - a.vatRateBp),
    totalExclCents: paid - totalVat,
    totalVatCents: totalVat,
    totalInclCents: paid,
    payments: giftCards > 0 ? [{ kind: 'gift-card', amountCents: giftCards, description: 'Cadeaukaarten ingewisseld' }] : [],
    note: '',
  };
}
