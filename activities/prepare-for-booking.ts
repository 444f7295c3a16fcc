import { vendorDescriptor } from '../connectors/catalogue';
import type { Db } from '../db/client';
import { getConnection } from '../db/queries/connections';
import { getTenantSettings } from '../db/queries/tenant-settings';
import { prepareSale, type PreparedSale } from '../domain/prepare-sale';
import type { Sale } from '../domain/sale';
import { cleanSale } from '../domain/sale-cleaning';

/** The currencies the tenant's target books in (from its descriptor; no credentials needed). */
export async function targetCurrencies(db: Db, tenantId: string): Promise<'any' | readonly string[]> {
  const target = await getConnection(db, tenantId, 'target');
  return (target && vendorDescriptor('target', target.vendor)?.currencies) ?? 'any';
}

/**
 * An order as the source states it, cleaned and prepared by the tenant's rules (VAT regimes, rounding,
 * currencies: domain/prepare-sale). Whatever compares an order with what was booked compares this, never the
 * raw order: the booked amounts are the prepared ones.
 */
export async function prepareForBooking(db: Db, tenantId: string, read: Sale, screen?: (sale: Sale) => Promise<void>): Promise<{ source: Sale; prepared: PreparedSale }> {
  const source = cleanSale(read);
  await screen?.(source);
  const prepared = prepareSale(source, await getTenantSettings(db, tenantId), { currencies: await targetCurrencies(db, tenantId) });
  return { source, prepared };
}
