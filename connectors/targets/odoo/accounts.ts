import type { LedgerKey } from '../../../domain/ledger';
import { ConnectorError } from '../../errors';
import type { OdooAccount } from './reference-data';

const revenueTypes = new Set(['income', 'income_other']);
const isLiability = (a: OdooAccount): boolean => a.account_type.startsWith('liability');

// Accounts of Odoo's Dutch chart (read in English) and the names merchants give their own.
const namedDefaults: Partial<Record<LedgerKey, RegExp>> = {
  'revenue-oss': /(remote|distance) sales within (the )?eu|afstandsverkopen binnen/i,
  'revenue-reverse-charge': /^turnover within (the )?eu|^omzet binnen (de )?eu/i,
  'revenue-export': /^turnover outside (the )?eu|^omzet buiten (de )?eu/i,
};
const giftCardName = /gift ?card|voucher|cadeau|tegoedbon/i;

const codeOrder = (a: OdooAccount, b: OdooAccount): number => String(a.code || '').localeCompare(String(b.code || '')) || a.id - b.id;

/**
 * The account of a kind of line: the tenant's mapping (an id that must be one of the readable
 * accounts), else
 * - OSS, intra-EU and export revenue: the chart's account named for it ("Turnover within EU trade
 *   goods 1"), when there is one;
 * - gift cards sold: a liability account named for vouchers, else an error: a voucher sold is a
 *   liability, never revenue;
 * - everything else (and the above without a named account): none, so that Odoo books the line on
 *   the sales journal's default income account, as it does for any invoice line without a product.
 */
export function accountFor(kind: LedgerKey, mapped: Partial<Record<LedgerKey, string>>, accounts: readonly OdooAccount[]): number | undefined {
  const chosen = mapped[kind];
  if (chosen !== undefined) {
    const account = accounts.find((a) => String(a.id) === chosen.trim());
    if (!account) {
      throw new ConnectorError('VALIDATION', `odoo account mapped for ${kind} does not exist or cannot take sale lines`, {
        issues: [{ code: 'invalid_ledger_account', path: `ledgerAccounts.${kind}`, message: 'not the id of an Odoo income, liability or expense account' }],
      });
    }
    return account.id;
  }
  if (kind === 'gift-card') {
    const liability = accounts.filter((a) => isLiability(a) && giftCardName.test(a.name)).sort(codeOrder)[0];
    if (liability) return liability.id;
    throw new ConnectorError('VALIDATION', 'odoo has no account for gift cards sold (a liability account)', {
      issues: [{ code: 'no_ledger_account', path: 'ledgerAccounts.gift-card', message: 'map gift-card to the id of a liability account in Odoo' }],
    });
  }
  const pattern = namedDefaults[kind];
  if (!pattern) return undefined;
  return accounts.filter((a) => revenueTypes.has(a.account_type) && pattern.test(a.name)).sort(codeOrder)[0]?.id;
}
