import { z } from 'zod';
import type { SourceVendor, TargetVendor } from '../domain/sale';
import { ConnectorError } from './errors';
import type { AccountingTarget, SalesSource } from './ports';
import { createWooCommerceSource } from './sources/woocommerce/client';
import { createMoneybirdTarget } from './targets/moneybird/client';
import { issuesFromZod } from './zod-issues';

/** WooCommerce REST keys (WooCommerce → Settings → Advanced → REST API). */
export const wooCommerceCredentialsSchema = z.object({
  consumerKey: z.string().trim().startsWith('ck_').max(200),
  consumerSecret: z.string().trim().startsWith('cs_').max(200),
});

/** Moneybird personal API token (or OAuth access token) and the administration it books into. */
export const moneybirdCredentialsSchema = z.object({
  apiToken: z.string().trim().min(20).max(500),
  administrationId: z.string().regex(/^\d{1,30}$/, 'expected a numeric administration id'),
});

const timeoutMs = z.number().int().min(100).max(120_000).optional();

export const sourceConnectionSchema = z.discriminatedUnion('vendor', [
  z.object({ vendor: z.literal('woocommerce'), baseUrl: z.string(), credentials: wooCommerceCredentialsSchema, timeoutMs }),
]);

export const targetConnectionSchema = z.discriminatedUnion('vendor', [
  z.object({ vendor: z.literal('moneybird'), baseUrl: z.string(), credentials: moneybirdCredentialsSchema, timeoutMs }),
]);

export type SourceConnection = z.input<typeof sourceConnectionSchema>;
export type TargetConnection = z.input<typeof targetConnectionSchema>;

// Compile-time check that every vendor of the domain has a connection schema and vice versa.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _sourceVendorsCovered: Same<SourceConnection['vendor'], SourceVendor> = true;
const _targetVendorsCovered: Same<TargetConnection['vendor'], TargetVendor> = true;

function parsed<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  // Field paths and zod's type messages only: credentials must never reach an error message.
  if (!result.success) throw new ConnectorError('VALIDATION', 'invalid connection settings', { issues: issuesFromZod(result.error) });
  return result.data;
}

function unknownVendor(vendor: never): never {
  throw new ConnectorError('VALIDATION', `unknown vendor ${String(vendor)}`);
}

/** Builds the SalesSource for a tenant's connection; throws VALIDATION for bad settings or an insecure base URL. */
export function createSalesSource(connection: SourceConnection): SalesSource {
  const c = parsed(sourceConnectionSchema, connection);
  switch (c.vendor) {
    case 'woocommerce':
      return createWooCommerceSource({ baseUrl: c.baseUrl, ...c.credentials, timeoutMs: c.timeoutMs });
    default:
      return unknownVendor(c.vendor);
  }
}

/** Builds the AccountingTarget for a tenant's connection; throws VALIDATION for bad settings or an insecure base URL. */
export function createAccountingTarget(connection: TargetConnection): AccountingTarget {
  const c = parsed(targetConnectionSchema, connection);
  switch (c.vendor) {
    case 'moneybird':
      return createMoneybirdTarget({ baseUrl: c.baseUrl, ...c.credentials, timeoutMs: c.timeoutMs });
    default:
      return unknownVendor(c.vendor);
  }
}
