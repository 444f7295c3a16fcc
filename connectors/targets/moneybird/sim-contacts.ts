import { scalarText as str, symbolicError, validationError } from './sim-types';
import type { MbContact, MbResult } from './sim-types';

export interface ContactContext {
  administrationId: string;
  contacts: ReadonlyMap<string, MbContact>;
  newId: () => string;
  nowIso: string;
}

/** `POST contacts.json`: needs company_name or firstname + lastname; customer_id unique, assigned when empty. */
export function buildContact(body: unknown, ctx: ContactContext): MbResult<MbContact> {
  const input = (body as { contact?: unknown } | null)?.contact;
  if (typeof input !== 'object' || input === null) return symbolicError(400, 'Contact is required', { contact: 'required' });
  const c = input as Record<string, unknown>;
  const company = str(c.company_name).trim();
  const first = str(c.firstname).trim();
  const last = str(c.lastname).trim();
  if (company === '' && (first === '' || last === '')) {
    const missing: Record<string, string> = { company_name: 'is required' };
    if (first === '') missing.firstname = 'is required';
    if (last === '') missing.lastname = 'is required';
    return validationError(missing);
  }
  const email = str(c.send_invoices_to_email).trim();
  if (email !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) return validationError({ send_invoices_to_email: 'is invalid' });
  let customerId = str(c.customer_id).trim();
  const taken = new Set([...ctx.contacts.values()].map((x) => x.customer_id));
  if (customerId !== '' && taken.has(customerId)) return validationError({ customer_id: 'has already been taken' });
  for (let n = ctx.contacts.size + 1; customerId === ''; n += 1) if (!taken.has(String(n))) customerId = String(n);

  return {
    ok: true,
    value: {
      id: ctx.newId(),
      administration_id: ctx.administrationId,
      company_name: company,
      firstname: first,
      lastname: last,
      address1: str(c.address1),
      address2: str(c.address2),
      zipcode: str(c.zipcode),
      city: str(c.city),
      country: str(c.country) || 'NL',
      phone: str(c.phone),
      delivery_method: 'Email',
      customer_id: customerId,
      tax_number: str(c.tax_number),
      chamber_of_commerce: str(c.chamber_of_commerce),
      bank_account: str(c.bank_account),
      attention: '',
      // The create schema has no `email`; only send_invoices_to_email is settable.
      email: '',
      email_ubl: true,
      send_invoices_to_attention: '',
      send_invoices_to_email: email,
      send_estimates_to_attention: '',
      send_estimates_to_email: str(c.send_estimates_to_email),
      sepa_active: false,
      created_at: ctx.nowIso,
      updated_at: ctx.nowIso,
      version: Math.floor(Date.parse(ctx.nowIso) / 1000),
      archived: false,
    },
  };
}

/**
 * `GET contacts.json?query=`: case-insensitive substring search over names, e-mail addresses
 * and customer_id. (Which fields Moneybird searches exactly is not fully documented.)
 */
export function searchContacts(contacts: Iterable<MbContact>, query: string | undefined): MbContact[] {
  const all = [...contacts];
  const q = query?.trim().toLowerCase();
  if (!q) return all;
  return all.filter((c) =>
    [c.company_name, c.firstname, c.lastname, c.email, c.send_invoices_to_email, c.send_estimates_to_email, c.customer_id, c.city]
      .some((field) => field.toLowerCase().includes(q)),
  );
}
