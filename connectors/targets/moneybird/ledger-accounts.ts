import { z } from 'zod';
import { ConnectorError } from '../../errors';
import type { HttpClient } from '../../http';
import { parseBody } from './parse';
import { mbLedgerAccountSchema } from './response-schemas';

/** The kinds of line a tenant maps to ledger accounts (domain/ledger.ts LEDGER_KEYS). */
export type LedgerKind = 'revenue-domestic' | 'revenue-oss' | 'revenue-reverse-charge' | 'revenue-export' | 'shipping' | 'fee' | 'gift-card' | 'rounding' | 'tip' | 'duty';

export interface MbLedgerAccount {
  id: string;
  name: string;
  accountType: string;
  /** Active and allowed on sales invoices. */
  usableOnSales: boolean;
}

/** `GET ledger_accounts.json` ("Pagination is not supported for this endpoint"). */
export async function readLedgerAccounts(http: HttpClient): Promise<MbLedgerAccount[]> {
  const res = await http.request({ method: 'GET', path: '/ledger_accounts.json' });
  return parseBody(z.array(mbLedgerAccountSchema), res, 'moneybird GET ledger_accounts.json').map((a) => ({
    id: a.id,
    name: a.name,
    accountType: a.account_type,
    usableOnSales: a.active !== false && (a.allowed_document_types ?? ['sales_invoice']).includes('sales_invoice'),
  }));
}

// Names a Dutch administration gives these accounts; the first match of the right type is the default.
const namePatterns: Record<LedgerKind, RegExp> = {
  'revenue-domestic': /^omzet$/i,
  'revenue-oss': /^omzet (oss|eu|afstandsverkopen)/i,
  'revenue-reverse-charge': /^omzet (icp|verlegd|binnen (de )?eu)/i,
  'revenue-export': /^omzet (export|buiten (de )?eu)/i,
  shipping: /verzend|shipping/i,
  fee: /betaalkosten|transactiekosten|payment/i,
  'gift-card': /cadeau|gift|voucher|tegoedbon/i,
  rounding: /afronding|rounding|betalingsverschil/i,
  tip: /fooi|\btips?\b/i,
  duty: /invoerrecht|douane|\bdut(y|ies)\b|customs/i,
};

/**
 * The ledger account id for a kind of line: the tenant's mapping when set (it must exist, be
 * active and allowed on sales invoices), else a default read from the administration:
 * - revenue kinds, shipping, fees, rounding: a sales revenue account whose name fits the kind
 *   ("Omzet verzendkosten"), else the main "Omzet" account, else none (Moneybird then books on its
 *   own default, "Ongecategoriseerde inkomsten");
 * - gift cards: a liability account allowed on sales invoices named for vouchers ("Cadeaubonnen"),
 *   else an error: a voucher sold is not revenue and must not be booked as such;
 * - tips and duties (outside the scope of VAT, passed on to staff or customs): an account of any type
 *   allowed on sales invoices named for them ("Af te dragen fooien", "Invoerrechten"), else as revenue.
 */
export function ledgerAccountFor(kind: LedgerKind, mapped: Partial<Record<LedgerKind, string>>, accounts: readonly MbLedgerAccount[]): string | undefined {
  const chosen = mapped[kind];
  if (chosen !== undefined) {
    if (!accounts.some((a) => a.id === chosen && a.usableOnSales)) {
      throw new ConnectorError('VALIDATION', `moneybird ledger account mapped for ${kind} does not exist, is inactive or is not allowed on sales invoices`, {
        issues: [{ code: 'invalid_ledger_account', path: `ledgerAccounts.${kind}`, message: 'not an active sales ledger account of the administration' }],
      });
    }
    return chosen;
  }
  const usable = accounts.filter((a) => a.usableOnSales);
  if (kind === 'gift-card') {
    const liability = usable.find((a) => a.accountType.endsWith('liabilities') && namePatterns['gift-card'].test(a.name));
    if (liability) return liability.id;
    throw new ConnectorError('VALIDATION', 'moneybird administration has no ledger account for gift cards sold (a liability allowed on sales invoices)', {
      issues: [{ code: 'no_ledger_account', path: 'ledgerAccounts.gift-card', message: 'map gift-card to a liability ledger account' }],
    });
  }
  if (kind === 'tip' || kind === 'duty') {
    const named = usable.find((a) => namePatterns[kind].test(a.name));
    if (named) return named.id;
  }
  const revenue = usable.filter((a) => a.accountType === 'revenue');
  return (revenue.find((a) => namePatterns[kind].test(a.name)) ?? revenue.find((a) => namePatterns['revenue-domestic'].test(a.name)))?.id;
}
