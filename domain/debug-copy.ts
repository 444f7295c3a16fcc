import type { Sale, SaleDebtor } from './sale';
import { checkVatNumber } from './vat-number';

/**
 * Debug copies: a temporary copy of one tenant's failing sales for ops to debug, with the debtor
 * anonymised. Its retention (until the errors are resolved, at most 14 days) is the rule
 * `debugCopyDestruction` in retention-policy.ts.
 */

/** How many failing sales one copy holds at most (the oldest unresolved first). */
export const DEBUG_COPY_MAX_SALES = 100;

const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * Replaces every debtor field with a stand-in numbered `n`, keeping what a failure may depend on: an empty
 * field stays empty, an e-mail address that is not one stays malformed, a guest stays a guest, and the
 * countries stay (they decide the VAT regime). The customer's note is dropped.
 */
export function anonymiseDebtor(debtor: SaleDebtor, n: number): SaleDebtor {
  const keep = (value: string, standIn: string) => (value.trim() === '' ? '' : standIn);
  return {
    sourceCustomerId: debtor.sourceCustomerId === null ? null : `customer-${n}`,
    email: debtor.email.trim() === '' ? '' : EMAIL_SHAPE.test(debtor.email.trim()) ? `debtor-${n}@example.invalid` : `not-an-email-${n}`,
    firstName: keep(debtor.firstName, 'Debtor'),
    lastName: keep(debtor.lastName, String(n)),
    company: keep(debtor.company, `Company ${n}`),
    address1: keep(debtor.address1, `Street ${n}`),
    postcode: keep(debtor.postcode, '0000 AA'),
    city: keep(debtor.city, 'Town'),
    country: debtor.country,
    ...(debtor.shippingCountry !== undefined ? { shippingCountry: debtor.shippingCountry } : {}),
    ...(debtor.vatNumber !== undefined ? { vatNumber: debtor.vatNumber === null ? null : anonymiseVatNumber(debtor.vatNumber) } : {}),
  };
}

const verdict = (vatNumber: string) => {
  const check = checkVatNumber(vatNumber);
  return check.ok ? 'ok' : check.reason;
};

/**
 * A sole trader's VAT number can identify a person: every digit becomes 0 unless that changes the format
 * check's verdict (e.g. the fixed "01" a Swedish number ends with), so a reverse-charge failure still shows.
 */
export function anonymiseVatNumber(vatNumber: string): string {
  const original = verdict(vatNumber);
  const chars = [...vatNumber];
  for (let i = 0; i < chars.length; i += 1) {
    if (!/\d/.test(chars[i]!) || chars[i] === '0') continue;
    const digit = chars[i]!;
    chars[i] = '0';
    if (verdict(chars.join('')) !== original) chars[i] = digit;
  }
  return chars.join('');
}

export function anonymiseSale(sale: Sale, n: number): Sale {
  return { ...sale, debtor: anonymiseDebtor(sale.debtor, n), note: '' };
}
