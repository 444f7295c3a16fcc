import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../errors';
import { ledgerAccountFor } from './ledger-accounts';
import type { MbLedgerAccount } from './ledger-accounts';
import { dutchLedgerAccounts } from './sim-ledger-accounts';

let n = 0;
const accounts: MbLedgerAccount[] = dutchLedgerAccounts('1', () => String(++n), '2026-01-01T00:00:00Z').map((a) => ({
  id: a.id, name: a.name, accountType: a.account_type, usableOnSales: a.active && a.allowed_document_types.includes('sales_invoice'),
}));
const idOf = (name: string): string | undefined => accounts.find((a) => a.name === name)?.id;

describe('ledger accounts per kind of line', () => {
  it('defaults from the administration: Omzet, shipping and payment-cost revenue, gift cards on a liability', () => {
    expect(ledgerAccountFor('revenue-domestic', {}, accounts)).toBe(idOf('Omzet'));
    expect(ledgerAccountFor('revenue-oss', {}, accounts)).toBe(idOf('Omzet'));
    expect(ledgerAccountFor('shipping', {}, accounts)).toBe(idOf('Omzet verzendkosten'));
    expect(ledgerAccountFor('fee', {}, accounts)).toBe(idOf('Omzet betaalkosten'));
    expect(ledgerAccountFor('gift-card', {}, accounts)).toBe(idOf('Cadeaubonnen'));
  });

  it('uses the tenant\'s mapping, and refuses one that is inactive or not allowed on sales invoices', () => {
    expect(ledgerAccountFor('revenue-export', { 'revenue-export': idOf('Ongecategoriseerde inkomsten') ?? '' }, accounts)).toBe(idOf('Ongecategoriseerde inkomsten'));
    for (const bad of ['Omzet oud', 'Overige schulden', '999']) {
      expect(() => ledgerAccountFor('shipping', { shipping: idOf(bad) ?? bad }, accounts)).toThrow(ConnectorError);
    }
  });

  it('never books a gift card sold as revenue: no voucher liability is an error naming the setting', () => {
    const withoutLiability = accounts.filter((a) => a.name !== 'Cadeaubonnen');
    try {
      ledgerAccountFor('gift-card', {}, withoutLiability);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'VALIDATION', details: { issues: [{ path: 'ledgerAccounts.gift-card' }] } });
    }
  });
});
