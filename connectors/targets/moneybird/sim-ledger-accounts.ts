import type { MbLedgerAccount } from './sim-types';

/**
 * Part of a new Dutch administration's chart of accounts (names, types and allowed document types
 * as in the spec's `GET ledger_accounts` example), plus the revenue accounts a web shop adds
 * (shipping, payment costs) and a liability account for sold gift cards that allows sales invoices.
 */
export function dutchLedgerAccounts(administrationId: string, newId: () => string, nowIso: string): MbLedgerAccount[] {
  const account = (name: string, type: MbLedgerAccount['account_type'], accountId: string, allowed: MbLedgerAccount['allowed_document_types'], active = true): MbLedgerAccount => ({
    id: newId(),
    administration_id: administrationId,
    name,
    account_type: type,
    account_id: accountId,
    parent_id: null,
    active,
    allowed_document_types: allowed,
    financial_account_id: null,
    created_at: nowIso,
    updated_at: nowIso,
  });
  const sales: MbLedgerAccount['allowed_document_types'] = ['sales_invoice', 'financial_mutation', 'general_journal_document'];
  return [
    account('Algemene kosten', 'expenses', '46801.01', ['purchase_invoice', 'financial_mutation', 'general_journal_document']),
    account('Debiteuren', 'current_assets', '13011', ['financial_mutation', 'general_journal_document']),
    account('Omzet', 'revenue', '81180.01', sales),
    account('Ongecategoriseerde inkomsten', 'revenue', '81180.02', sales),
    account('Omzet verzendkosten', 'revenue', '81180.03', sales),
    account('Omzet betaalkosten', 'revenue', '81180.04', sales),
    account('Omzet oud', 'revenue', '81180.09', sales, false),
    account('Overige schulden', 'current_liabilities', '16525', ['financial_mutation', 'general_journal_document']),
    account('Cadeaubonnen', 'current_liabilities', '16530', [...sales, 'payment']),
    account('Af te dragen fooien', 'current_liabilities', '16540', sales),
    account('Vervoerskosten', 'expenses', '45875', ['purchase_invoice', 'financial_mutation', 'general_journal_document']),
  ];
}

/** Where Moneybird books a detail that names no ledger account: the spec's examples show "Ongecategoriseerde inkomsten". */
export function defaultRevenueAccount(accounts: readonly MbLedgerAccount[]): MbLedgerAccount | undefined {
  return accounts.find((a) => a.name === 'Ongecategoriseerde inkomsten') ?? accounts.find((a) => a.account_type === 'revenue' && a.active);
}
