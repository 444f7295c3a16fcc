import { describe, expect, it } from 'vitest';
import { dedupOutcome, saleAmounts, sameAmounts } from './sale-fingerprint';
import { makeSale } from './sale-fixture';

describe('sale fingerprint', () => {
  it('takes the amounts excl. and incl. VAT', () => {
    expect(saleAmounts(makeSale())).toEqual({ totalExclCents: 3475, totalInclCents: 4085 });
  });

  it('ignores changes that do not touch the amounts', () => {
    const edited = makeSale({ note: 'Graag bellen', modifiedAt: '2025-03-15T09:00:00Z', debtor: { ...makeSale().debtor, city: 'Zeist' } });
    expect(sameAmounts(saleAmounts(makeSale()), saleAmounts(edited))).toBe(true);
  });

  it('sees a change in either amount', () => {
    const base = saleAmounts(makeSale());
    expect(sameAmounts(base, { ...base, totalInclCents: base.totalInclCents + 1 })).toBe(false);
    expect(sameAmounts(base, { ...base, totalExclCents: base.totalExclCents - 1 })).toBe(false);
  });

  it('decides the dedup outcome', () => {
    const base = saleAmounts(makeSale());
    expect(dedupOutcome(null, base)).toBe('new');
    expect(dedupOutcome(base, { ...base })).toBe('skipped-duplicate');
    expect(dedupOutcome(base, { ...base, totalInclCents: 0 })).toBe('changed-after-posting');
  });
});
