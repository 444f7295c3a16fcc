import type { Sale } from './sale';
import { cleanDescriptiveText } from './text-safety';

/**
 * The boundary between a source and the rest of doorzet: descriptive text (names, addresses, line
 * descriptions, SKUs) loses control characters and lone surrogates, so an invoice and every store
 * get clean text. Identifiers (order number, e-mail, currency) are left as they are: validateSale
 * refuses them when they hold control characters, because cleaning would change what they identify.
 */
export function cleanSale(sale: Sale): Sale {
  const d = sale.debtor;
  return {
    ...sale,
    debtor: {
      ...d,
      firstName: cleanDescriptiveText(d.firstName), lastName: cleanDescriptiveText(d.lastName), company: cleanDescriptiveText(d.company),
      address1: cleanDescriptiveText(d.address1), postcode: cleanDescriptiveText(d.postcode), city: cleanDescriptiveText(d.city),
      country: cleanDescriptiveText(d.country),
    },
    lines: sale.lines.map((line) => ({
      ...line,
      description: cleanDescriptiveText(line.description),
      ...(line.sku === undefined ? {} : { sku: cleanDescriptiveText(line.sku) }),
    })),
  };
}
