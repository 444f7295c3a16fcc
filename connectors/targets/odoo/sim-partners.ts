import { insert, checkAccess, checkValues, table } from './sim-orm';
import type { SimDatabase } from './sim-orm';
import { missingError, validationError } from './sim-errors';

// base_vat's formats for the countries doorzet's shops sell to most (stdnum checks more; these are the shapes).
const vatFormats: Record<string, { pattern: RegExp; example: string }> = {
  NL: { pattern: /^NL\d{9}B\d{2}$/, example: 'NL123456782B90' },
  BE: { pattern: /^BE[01]\d{9}$/, example: 'BE0477472701' },
  DE: { pattern: /^DE\d{9}$/, example: 'DE123456788' },
  FR: { pattern: /^FR[0-9A-Z]{2}\d{9}$/, example: 'FR23334175221' },
};

/** res.partner.create(vals): the name check constraint and base_vat's VAT check. */
export function createPartner(db: SimDatabase, values: unknown): number {
  checkAccess(db, 'res.partner', 'create');
  const vals = checkValues(db, 'res.partner', values);
  const type = typeof vals.type === 'string' ? vals.type : 'contact';
  if (type === 'contact' && (typeof vals.name !== 'string' || vals.name.trim() === '')) {
    throw validationError('The operation cannot be completed: Contacts require a name');
  }
  if (typeof vals.vat === 'string' && vals.vat !== '') {
    const vat = vals.vat.replace(/[\s.-]/g, '').toUpperCase();
    const format = vatFormats[vat.slice(0, 2)];
    if (!/^[A-Z]{2}[0-9A-Z]{2,13}$/.test(vat) || (format && !format.pattern.test(vat))) {
      throw validationError(`The VAT number [${vals.vat}] for partner [${String(vals.name)}] does not seem to be valid. \nNote: the expected format is ${format?.example ?? 'CC##'}`);
    }
  }
  const isCompany = vals.is_company === true;
  return insert(db, 'res.partner', {
    email: null, street: null, street2: null, zip: null, city: null, country_id: false, vat: null, phone: null, customer_rank: 0, parent_id: false, lang: 'en_US', ref: null,
    ...(vals as Record<string, never>),
    type, active: true, is_company: isCompany, company_type: isCompany ? 'company' : 'person',
  }).id;
}

/** res.partner.write(vals) on records: known fields, records that exist; True. */
export function writePartners(db: SimDatabase, ids: readonly number[], values: unknown): true {
  checkAccess(db, 'res.partner', 'write');
  const vals = checkValues(db, 'res.partner', values);
  for (const id of ids) {
    const row = table(db, 'res.partner').get(id);
    if (!row) throw missingError(`Record does not exist or has been deleted.\n(Record: res.partner(${id},), User: ${db.uid})`);
    Object.assign(row, vals);
  }
  return true;
}

export const partnerCount = (db: SimDatabase): number => table(db, 'res.partner').size;
