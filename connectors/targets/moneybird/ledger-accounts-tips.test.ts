import { describe, expect, it } from 'vitest';
import { ledgerAccountFor } from './ledger-accounts';
import type { MbLedgerAccount } from './ledger-accounts';
import { dutchLedgerAccounts } from './sim-ledger-accounts';

let n = 0;
const accounts: MbLedgerAccount[] = dutchLedgerAccounts('1', () => String(++n), '2026-01-01T00:00:00Z').map((a) => ({
  id: a.id, name: a.name, accountType: a.account_type, usableOnSales: a.active && a.allowed_document_types.includes('sales_invoice'),
}));
const idOf = (name: string): string | undefined => accounts.find((a) => a.name === name)?.id;

describe('ledger accounts for tips and duties (outside the scope of VAT)', () => {
  it('books tips on an account named for them (a liability to the staff), duties without one on Omzet, and follows a mapping', () => {
    expect(ledgerAccountFor('tip', {}, accounts)).toBe(idOf('Af te dragen fooien'));
    expect(ledgerAccountFor('duty', {}, accounts)).toBe(idOf('Omzet'));
    expect(ledgerAccountFor('duty', { duty: idOf('Ongecategoriseerde inkomsten') ?? '' }, accounts)).toBe(idOf('Ongecategoriseerde inkomsten'));
    expect(ledgerAccountFor('tip', {}, accounts.filter((a) => a.name !== 'Af te dragen fooien'))).toBe(idOf('Omzet'));
  });
});
