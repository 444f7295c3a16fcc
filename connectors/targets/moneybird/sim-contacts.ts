import { createHash } from 'node:crypto';
import { scalarText as str, symbolicError, validationError } from './sim-types';
import type { MbContact, MbResult } from './sim-types';

export interface ContactContext {
  administrationId: string;
  contacts: ReadonlyMap<string, MbContact>;
  newId: () => string;
  nowIso: string;
}

/**
 * `POST contacts.json`. The spec's field descriptions ask for a non-blank `company_name`, `firstname`
 * or `lastname`; its 422 example names all three. customer_id is unique, assigned when empty.
 */
export function buildContact(body: unknown, ctx: ContactContext): MbResult<MbContact> {
  const input = (body as { contact?: unknown } | null)?.contact;
  if (typeof input !== 'object' || input === null) return symbolicError(400, 'Contact is required', { contact: 'required' });
  const c = input as Record<string, unknown>;
  const company = str(c.company_name).trim();
  const first = str(c.firstname).trim();
  const last = str(c.lastname).trim();
  if (company === '' && first === '' && last === '') {
    return validationError({ firstname: 'is required', lastname: 'is required', company_name: 'is required' });
  }
  const email = str(c.send_invoices_to_email).trim();
  if (email !== '' && !email.split(',').every((e) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(e.trim()))) return validationError({ send_invoices_to_email: 'is invalid' });
  const taxNumber = str(c.tax_number).replace(/[\s.]/g, '').toUpperCase();
  if (taxNumber !== '' && !/^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(taxNumber)) return validationError({ tax_number: 'is invalid' });
  let customerId = str(c.customer_id).trim();
  const taken = new Set([...ctx.contacts.values()].map((x) => x.customer_id));
  if (customerId !== '' && taken.has(customerId)) return validationError({ customer_id: 'has already been taken' });
  for (let n = ctx.contacts.size + 1; customerId === ''; n += 1) if (!taken.has(String(n))) customerId = String(n);
  const id = ctx.newId();

  return {
    ok: true,
    value: {
      id,
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
      tax_number: taxNumber,
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
      direct_debit: false,
      tax_number_valid: null,
      created_at: ctx.nowIso,
      updated_at: ctx.nowIso,
      version: Math.floor(Date.parse(ctx.nowIso) / 1000),
      sales_invoices_url: `https://moneybird.com/${ctx.administrationId}/sales_invoices/${createHash('sha256').update(id).digest('hex')}/all`,
      notes: [],
      custom_fields: [],
      contact_people: [],
      archived: false,
    },
  };
}

/**
 * `GET contacts.json?query=`: case-insensitive match in exactly the fields the spec lists for
 * `query`: company_name, attention, firstname, lastname, address1, address2, zipcode, city,
 * country, email, phone, customer_id, tax_number, chamber_of_commerce, bank_account. Not the
 * send_invoices_to_* addresses, so a contact created through the API is not found by its e-mail.
 */
export function searchContacts(contacts: Iterable<MbContact>, query: string | undefined): MbContact[] {
  const all = [...contacts];
  const q = query?.trim().toLowerCase();
  if (!q) return all;
  return all.filter((c) =>
    [c.company_name, c.attention, c.firstname, c.lastname, c.address1, c.address2, c.zipcode, c.city, c.country, c.email, c.phone, c.customer_id, c.tax_number, c.chamber_of_commerce, c.bank_account]
      .some((field) => field.toLowerCase().includes(q)),
  );
}
