import { insert } from './sim-orm';
import type { SimDatabase } from './sim-orm';

/** [code, English name, id]: ids as in the external RPC docs' examples where they show them (BE 21, FR 76, GB 233). */
const COUNTRIES: readonly [string, string, number][] = [
  ['AT', 'Austria', 13], ['BE', 'Belgium', 21], ['BG', 'Bulgaria', 23], ['CA', 'Canada', 38], ['CH', 'Switzerland', 43], ['CY', 'Cyprus', 55],
  ['CZ', 'Czech Republic', 56], ['DE', 'Germany', 57], ['DK', 'Denmark', 59], ['EE', 'Estonia', 64], ['ES', 'Spain', 68], ['FI', 'Finland', 72],
  ['FR', 'France', 76], ['GB', 'United Kingdom', 233], ['GR', 'Greece', 90], ['HR', 'Croatia', 98], ['HU', 'Hungary', 100], ['IE', 'Ireland', 101],
  ['IN', 'India', 105], ['IT', 'Italy', 110], ['LT', 'Lithuania', 131], ['LU', 'Luxembourg', 132], ['LV', 'Latvia', 133], ['MT', 'Malta', 152],
  ['NL', 'Netherlands', 165], ['NO', 'Norway', 166], ['PL', 'Poland', 177], ['PT', 'Portugal', 182], ['RO', 'Romania', 186], ['SE', 'Sweden', 196],
  ['SI', 'Slovenia', 198], ['SK', 'Slovakia', 200], ['US', 'United States', 235],
];
const countryId = (code: string): number => COUNTRIES.find(([c]) => c === code)?.[2] ?? 0;

/** Ids of the seeded records tests refer to. */
export const SEED = {
  company: 1,
  eur: 1,
  usd: 2,
  gbp: 3,
  salesJournal: 1,
  nl: countryId('NL'),
} as const;

interface TaxSeed { name: string; label: string; amount: number; use: 'sale' | 'purchase'; sequence: number; included?: boolean; active?: boolean }

/**
 * The sales taxes of Odoo's Dutch chart (addons/l10n_nl/data/template/account.tax-nl.csv, English
 * names as an en_US user reads them), the OSS taxes Odoo's l10n_eu_oss module creates for Germany,
 * Belgium and France (named `<amount>% <country code> <VAT label>`, with the company's own fiscal
 * country, as res_company.py `_map_eu_taxes` does), a price-included tax and an archived one as a
 * merchant might add them, and purchase taxes that must never land on a sale.
 */
const TAXES: readonly TaxSeed[] = [
  { name: 'Sales/turnover high', label: '21% BTW', amount: 21, use: 'sale', sequence: 5 },
  { name: 'Sales/turnover high services', label: '21% BTW', amount: 21, use: 'sale', sequence: 6 },
  { name: 'Sales/turnover low 9%', label: '9% BTW', amount: 9, use: 'sale', sequence: 10 },
  { name: 'Sales/turnover low services 9%', label: '9% BTW', amount: 9, use: 'sale', sequence: 10 },
  { name: 'Sales/turnover untaxed (zero rate)', label: '0% BTW', amount: 0, use: 'sale', sequence: 10 },
  { name: 'Sales/turnover untaxed (zero rate) services', label: '0% BTW', amount: 0, use: 'sale', sequence: 10 },
  { name: 'Sales/turnover other', label: 'variabel BTW', amount: 21, use: 'sale', sequence: 15 },
  { name: 'Referred VAT to be paid (sales)', label: '0% BTW verlegd', amount: 0, use: 'sale', sequence: 15 },
  { name: 'Export sales within EU (products)', label: '0% EU', amount: 0, use: 'sale', sequence: 20 },
  { name: 'Export sales within EU (services)', label: '0% EU', amount: 0, use: 'sale', sequence: 20 },
  { name: 'Installation/remote sales within EU', label: 'Inst./afst.verkopen binnen EU', amount: 0, use: 'sale', sequence: 20 },
  { name: 'Export sales outside EU', label: 'BTW export buiten EU', amount: 0, use: 'sale', sequence: 20 },
  { name: 'Installation/remote sales outside EU', label: 'Inst./afst.verkopen buiten EU', amount: 0, use: 'sale', sequence: 21 },
  { name: '21% BTW incl.', label: '21% BTW incl.', amount: 21, use: 'sale', sequence: 4, included: true },
  { name: '6% BTW (oud)', label: '6% BTW', amount: 6, use: 'sale', sequence: 10, active: false },
  { name: 'VAT receivable high (purchases)', label: '21% BTW', amount: 21, use: 'purchase', sequence: 5 },
  { name: 'VAT receivable low (purchases) 9%', label: '9% BTW', amount: 9, use: 'purchase', sequence: 10 },
  { name: '19.0% DE USt-IdNr.', label: '19.0%', amount: 19, use: 'sale', sequence: 1000 },
  { name: '7.0% DE USt-IdNr.', label: '7.0%', amount: 7, use: 'sale', sequence: 1000 },
  { name: '21.0% BE TVA', label: '21.0%', amount: 21, use: 'sale', sequence: 1000 },
  { name: '6.0% BE TVA', label: '6.0%', amount: 6, use: 'sale', sequence: 1000 },
  { name: '20.0% FR TVA', label: '20.0%', amount: 20, use: 'sale', sequence: 1000 },
  { name: '5.5% FR TVA', label: '5.5%', amount: 5.5, use: 'sale', sequence: 1000 },
];

/** [code, English name, type]: accounts of Odoo's Dutch chart (account.account-nl.csv) and one a merchant adds for vouchers. */
const ACCOUNTS: readonly [string, string, string][] = [
  ['1100', 'Debtors', 'asset_receivable'],
  ['1405', 'Invoiced amounts in advance', 'liability_current'],
  ['1406', 'Gift cards outstanding', 'liability_current'],
  ['1500', 'Deferred VAT high rate', 'liability_current'],
  ['1501', 'Deferred VAT low rate', 'liability_current'],
  ['7000', 'Cost of sales', 'expense_direct_cost'],
  ['8001', 'Turnover NL trade goods 1', 'income'],
  ['8002', 'Turnover within EU trade goods 1', 'income'],
  ['8003', 'Turnover outside EU trade goods 1', 'income'],
  ['8005', 'Turnover NL services 1', 'income'],
  ['80011', 'Installation/remote sales within EU trade goods 1', 'income'],
  ['8065', 'Payment discount debtors', 'income_other'],
  ['8090', 'Sundry other income', 'income'],
  ['8920', 'Exchange rate differences', 'income'],
];

export interface SeedOptions {
  roundingMethod: 'round_per_line' | 'round_globally';
}

/** A Dutch company on Odoo's Dutch chart of accounts, registered for OSS, with its API user. */
export function seedDutchCompany(db: SimDatabase, options: SeedOptions): void {
  for (const [code, name, id] of COUNTRIES) insert(db, 'res.country', { id, code, name });
  insert(db, 'res.currency', { id: SEED.eur, name: 'EUR', symbol: '€', active: true, rounding: 0.01 });
  insert(db, 'res.currency', { id: SEED.usd, name: 'USD', symbol: '$', active: true, rounding: 0.01 });
  insert(db, 'res.currency', { id: SEED.gbp, name: 'GBP', symbol: '£', active: false, rounding: 0.01 });
  insert(db, 'res.partner', { id: 1, name: 'Demo Winkel B.V.', email: 'administratie@demowinkel.example', is_company: true, company_type: 'company', type: 'contact', country_id: SEED.nl, active: true, customer_rank: 0, vat: 'NL123456782B90' });
  insert(db, 'res.company', {
    id: SEED.company, name: 'Demo Winkel B.V.', currency_id: SEED.eur, country_id: SEED.nl, account_fiscal_country_id: SEED.nl,
    tax_calculation_rounding_method: options.roundingMethod, ...(db.version >= 18 ? { account_price_include: 'tax_excluded' } : {}),
  });
  insert(db, 'res.partner', { id: 2, name: 'OdooBot', email: 'odoobot@example.com', is_company: false, company_type: 'person', type: 'contact', active: false, customer_rank: 0 });
  insert(db, 'res.partner', { id: 3, name: 'Mitchell Admin', email: 'admin@demowinkel.example', is_company: false, company_type: 'person', type: 'contact', active: true, customer_rank: 0 });
  insert(db, 'res.users', { id: db.uid, name: 'Mitchell Admin', login: 'admin', company_id: SEED.company, partner_id: 3 });
  // A customer the merchant typed in by hand, in mixed case.
  insert(db, 'res.partner', { id: 25, name: 'Deco Addict', email: 'Info@DecoAddict.example', is_company: true, company_type: 'company', type: 'contact', country_id: SEED.nl, active: true, customer_rank: 1 });

  TAXES.forEach((tax, i) => insert(db, 'account.tax', {
    id: i + 1, name: tax.name, amount: tax.amount, amount_type: 'percent', type_tax_use: tax.use, sequence: tax.sequence, active: tax.active ?? true,
    company_id: SEED.company, country_id: SEED.nl, tax_scope: null,
    ...(db.version >= 18
      ? { price_include_override: tax.included ? 'tax_included' : null, invoice_label: tax.label, description: null }
      : { price_include: tax.included === true, description: tax.label }),
  }));
  ACCOUNTS.forEach(([code, name, type], i) => insert(db, 'account.account', {
    id: 40 + i, code, name, account_type: type, reconcile: type === 'asset_receivable', ...(db.version >= 19 ? { active: true } : { deprecated: false }),
  }));
  const income = [...db.tables.get('account.account')?.values() ?? []].find((a) => a.code === '8001')?.id ?? 0;
  insert(db, 'account.journal', { id: SEED.salesJournal, name: 'Customer Invoices', code: 'INV', type: 'sale', default_account_id: income, company_id: SEED.company, currency_id: false, sequence: 5, active: true });
  insert(db, 'account.journal', { id: 2, name: 'Miscellaneous Operations', code: 'MISC', type: 'general', default_account_id: false, company_id: SEED.company, currency_id: false, sequence: 9, active: true });
}
