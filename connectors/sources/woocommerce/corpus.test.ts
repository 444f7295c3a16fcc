import { describe, expect, it } from 'vitest';
import { previewSale, unreadablePreview, type PreviewResult } from '../../../domain/preview';
import { defaultTenantSettings } from '../../../domain/tenant-settings';
import { ConnectorError } from '../../errors';
import { corpusNames, loadCorpus } from '../../../test/support/woo-corpus';
import { saleFromWooPayload } from './payload';

function preview(order: unknown, settings = defaultTenantSettings()): PreviewResult {
  try {
    return previewSale(saleFromWooPayload(order), settings, 'any');
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    return unreadablePreview((error.details.issues ?? []).map((i) => ({ code: error.code, path: i.path, message: i.message })));
  }
}

/** What the customer paid to the shop plus what gift cards paid: the order's value incl. VAT. */
function paidCents(order: Record<string, unknown>): number {
  const cents = (v: unknown): number => Math.round(Number(v) * 100);
  const cards = (order.gift_cards as { amount: number }[] | undefined) ?? [];
  return cents(order.total) + cards.reduce((s, c) => s + cents(c.amount), 0);
}

describe('WooCommerce corpus through the preview', () => {
  it('has a sidecar naming the source of every payload', () => {
    expect(corpusNames.length).toBeGreaterThanOrEqual(15);
    for (const name of corpusNames) {
      const { sidecar } = loadCorpus(name);
      expect(sidecar.source.repository ?? sidecar.source.url, name).toBeTruthy();
      expect(sidecar.source.commit ?? sidecar.source.url, name).toBeTruthy();
    }
  });

  it.each(corpusNames)('%s books to the cent or gets its named error', (name) => {
    const { order, sidecar } = loadCorpus(name);
    const result = preview(order);
    expect(result.bookable, JSON.stringify(result.issues)).toBe(sidecar.expect.bookable);
    if (sidecar.expect.regime) expect(result.regime).toBe(sidecar.expect.regime);
    if (sidecar.expect.bookable) {
      expect(result.issues).toEqual([]);
      // What the target records, incl. VAT, is what the customer paid (gift cards included).
      expect(result.totalInclCents).toBe(paidCents(order));
      const rowsExcl = result.lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0);
      expect(rowsExcl).toBe(result.totalExclCents);
      if (sidecar.expect.totalInclCents !== undefined) expect(result.totalInclCents).toBe(sidecar.expect.totalInclCents);
    } else {
      expect(result.issues.map((i) => i.code).sort()).toEqual(expect.arrayContaining(sidecar.expect.issueCodes ?? []));
      expect(new Set(result.issues.map((i) => i.code))).toEqual(new Set(sidecar.expect.issueCodes));
    }
    // Never a debtor field in the result.
    const text = JSON.stringify(result);
    for (const field of ['email', 'first_name', 'address', 'postcode', 'phone']) expect(text).not.toContain(field);
  });

  it('a zero-value order is skipped, not refused, when the tenant says so', () => {
    const { order } = loadCorpus('pipedream-15-zero-total');
    const result = preview(order, { ...defaultTenantSettings(), zeroValueOrders: 'skip' });
    expect(result).toMatchObject({ bookable: false, skipped: 'zero-value', issues: [] });
  });

  it('names the rate and the country when a rate fits no regime', () => {
    const early = preview(loadCorpus('docs-727-oss-ee-too-early').order);
    expect(early.issues[0]!.message).toMatch(/24%.*EE/);
    const us = preview(loadCorpus('docs-727-us-rate-recorded').order);
    expect(us.issues[0]!.message).toMatch(/7\.5%.*US/);
    const compound = preview(loadCorpus('docs-727-compound-ca').order);
    expect(compound.issues[0]!.message).toMatch(/5% \+ 9\.98% \(compound\).*CA/);
  });

  it('books the gift card sold outside the scope of VAT, and redeemed ones as payment, not discount', () => {
    const sold = preview(loadCorpus('docs-727-nl-gift-card-sold').order);
    expect(sold.lines.find((l) => l.ledger === 'gift-card')).toMatchObject({ vatRatePercent: 0 });
    const redeemed = saleFromWooPayload(loadCorpus('ios-459-gift-cards-redeemed').order);
    expect(redeemed.payments.reduce((s, p) => s + p.amountCents, 0)).toBe(2400);
    expect(redeemed.lines.some((l) => l.kind === 'discount')).toBe(false);
  });

  it('the same payloads under a merchant without OSS: distance-sale rates become named errors', () => {
    const result = preview(loadCorpus('docs-727-oss-de').order, { ...defaultTenantSettings(), ossRegistered: false });
    expect(result.bookable).toBe(false);
    expect(result.issues[0]!.message).toContain('ossRegistered');
  });
});
