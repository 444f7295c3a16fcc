import { prepareSale } from '../../../domain/prepare-sale';
import type { Sale } from '../../../domain/sale';
import type { SaleIssue } from '../../../domain/sale-validation';
import { defaultTenantSettings } from '../../../domain/tenant-settings';

const settings = defaultTenantSettings(); // a Dutch merchant registered for OSS

/** The sale as a target books it: the regime decision and rounding rule every source goes through. */
export function booked(sale: Sale): Sale {
  const prepared = prepareSale(sale, settings, { currencies: 'any' });
  if (prepared.kind !== 'bookable') throw new Error(`not bookable: ${JSON.stringify(prepared)}`);
  return prepared.sale;
}

/** The issues that keep a sale from being booked (none when it books). */
export function rejection(sale: Sale): SaleIssue[] {
  const prepared = prepareSale(sale, settings, { currencies: 'any' });
  return prepared.kind === 'rejected' ? prepared.issues : [];
}
