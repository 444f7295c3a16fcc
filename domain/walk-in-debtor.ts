import type { SaleDebtor } from './sale';

/**
 * The debtor of a till sale to an unknown walk-in customer: one contact per till location, so that
 * anonymous till sales (and a location's daily summary) book on the same contact instead of failing
 * for a missing e-mail address. The address is a reserved `.invalid` domain (RFC 2606): it is never
 * mailed, holds no personal data and stays stable for the debtor mapping.
 */
export function walkInDebtor(location: { id: string; name: string }, country: string): SaleDebtor {
  const safeId = location.id.replace(/[^A-Za-z0-9-]/g, '').slice(0, 40) || 'till';
  return {
    sourceCustomerId: null,
    email: `walk-in-${safeId}@till.invalid`,
    firstName: '',
    lastName: '',
    company: `Kassaverkopen ${location.name}`.trim(),
    address1: '',
    postcode: '',
    city: '',
    country,
    shippingCountry: null,
    vatNumber: null,
  };
}
