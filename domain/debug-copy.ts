import type { Sale, SaleDebtor } from './sale';

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
 * country stays (it decides the VAT regime). The customer's note is dropped.
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
  };
}

export function anonymiseSale(sale: Sale, n: number): Sale {
  return { ...sale, debtor: anonymiseDebtor(sale.debtor, n), note: '' };
}
