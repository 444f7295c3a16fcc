import type { z } from 'zod';
import { ConnectorError } from '../../errors';
import { accountFields, accountRecord, companyFields, companyRecord, countryRecord, currencyRecord, journalFields, journalRecord, records, taxFields, taxRecord } from './records';
import type { OdooRpc } from './rpc';

export type OdooTax = z.output<typeof taxRecord>;
export type OdooAccount = z.output<typeof accountRecord>;

/** What booking needs to know about the database, read once per client for a few minutes. */
export interface ReferenceData {
  journalId: number;
  /** The sales journal's default income account (Odoo's own default for lines without one). */
  defaultIncomeAccountId: number | null;
  companyCountryId: number | null;
  roundingMethod: 'round_per_line' | 'round_globally';
  /** Active sales taxes (percent only). */
  taxes: OdooTax[];
  /** Accounts a sale line may be booked on. */
  accounts: OdooAccount[];
  /** ISO code → res.country id. */
  countryIds: Map<string, number>;
}

// Names are translatable: read them in English so that matching them does not depend on the user's language.
const english = { lang: 'en_US' };
const lineAccountTypes = ['income', 'income_other', 'liability_current', 'liability_non_current', 'expense', 'expense_direct_cost'];

export async function readReferenceData(rpc: OdooRpc): Promise<ReferenceData> {
  const [journal] = records(journalRecord, await rpc.searchRead('account.journal', [['type', '=', 'sale']], journalFields, { limit: 1, order: 'sequence, id', context: english }), 'odoo account.journal');
  if (!journal) {
    throw new ConnectorError('VALIDATION', 'odoo has no sales journal', { issues: [{ code: 'no_sales_journal', path: 'account.journal', message: 'Odoo has no journal of type Sales (is Invoicing installed and a chart of accounts loaded?)' }] });
  }
  const companyId = journal.company_id === false ? null : journal.company_id[0];
  const [company] = records(companyRecord, await rpc.searchRead('res.company', companyId === null ? [] : [['id', '=', companyId]], companyFields, { limit: 1 }), 'odoo res.company');
  const taxes = records(taxRecord, await rpc.searchRead('account.tax', [['type_tax_use', '=', 'sale'], ['amount_type', '=', 'percent']], taxFields, { order: 'sequence, id', context: english }), 'odoo account.tax');
  const accounts = records(accountRecord, await rpc.searchRead('account.account', [['account_type', 'in', lineAccountTypes]], accountFields, { order: 'code, id', context: english }), 'odoo account.account');
  const countries = records(countryRecord, await rpc.searchRead('res.country', [], ['id', 'code']), 'odoo res.country');
  return {
    journalId: journal.id,
    defaultIncomeAccountId: journal.default_account_id === false ? null : journal.default_account_id[0],
    companyCountryId: company?.country_id === false || !company ? null : company.country_id[0],
    roundingMethod: company?.tax_calculation_rounding_method === 'round_globally' ? 'round_globally' : 'round_per_line',
    taxes,
    accounts,
    countryIds: new Map(countries.map((c) => [c.code.toUpperCase(), c.id])),
  };
}

/** res.currency by ISO code; inactive currencies are read too, to say what to do about them. */
export async function readCurrencyId(rpc: OdooRpc, code: string): Promise<number> {
  const found = records(currencyRecord, await rpc.searchRead('res.currency', [['name', '=', code.toUpperCase()]], ['id', 'name', 'active'], { limit: 1, context: { active_test: false } }), 'odoo res.currency');
  const currency = found[0];
  if (!currency || !currency.active) {
    throw new ConnectorError('VALIDATION', `odoo currency ${code} is ${currency ? 'not active' : 'unknown'}`, {
      issues: [{ code: currency ? 'inactive_currency' : 'unknown_currency', path: 'currency', message: `activate the currency ${code} in Odoo (Accounting settings, Currencies)` }],
    });
  }
  return currency.id;
}
