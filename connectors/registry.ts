import { parseBaseUrl } from './base-url';
import { ConnectorError } from './errors';
import type { AccountingTarget, SalesSource } from './ports';
import { shopifyModule } from './sources/shopify/module';
import { wooCommerceModule } from './sources/woocommerce/module';
import { exactOnlineModule } from './targets/exact-online/module';
import { moneybirdModule } from './targets/moneybird/module';
import { odooModule } from './targets/odoo/module';
import type { ConnectionSpec, SourceModule, TargetModule } from './vendor';
import { issuesFromZod } from './zod-issues';

/** Every vendor doorzet speaks to: adding one is a folder under sources/ or targets/ and one line here. */
export const SOURCE_MODULES: readonly SourceModule[] = [
  wooCommerceModule,
  shopifyModule,
];

export const TARGET_MODULES: readonly TargetModule[] = [
  moneybirdModule,
  exactOnlineModule,
  odooModule,
];

function validated(module: SourceModule | TargetModule, spec: ConnectionSpec): ConnectionSpec {
  parseBaseUrl(spec.baseUrl);
  const credentials = module.credentialsSchema.safeParse(spec.credentials);
  // Field paths and zod's messages only: credentials must never reach an error message.
  if (!credentials.success) {
    throw new ConnectorError('VALIDATION', 'invalid connection settings', {
      issues: issuesFromZod(credentials.error).map((i) => ({ ...i, path: `credentials.${i.path}`.replace(/\.$/, '') })),
    });
  }
  return { ...spec, credentials: credentials.data };
}

function unknownVendor(role: string): never {
  throw new ConnectorError('VALIDATION', `unknown ${role} vendor`, { issues: [{ code: 'unknown_vendor', path: 'vendor', message: `not a ${role} vendor` }] });
}

export function sourceModule(vendor: string): SourceModule | undefined {
  return SOURCE_MODULES.find((m) => m.vendor === vendor);
}

export function targetModule(vendor: string): TargetModule | undefined {
  return TARGET_MODULES.find((m) => m.vendor === vendor);
}

/** Builds the SalesSource for a tenant's connection; throws VALIDATION for bad settings or an insecure base URL. */
export function createSalesSource(spec: ConnectionSpec): SalesSource {
  const module = sourceModule(spec.vendor) ?? unknownVendor('source');
  return module.createSource(validated(module, spec));
}

/** Builds the AccountingTarget for a tenant's connection; throws VALIDATION for bad settings or an insecure base URL. */
export function createAccountingTarget(spec: ConnectionSpec): AccountingTarget {
  const module = targetModule(spec.vendor) ?? unknownVendor('target');
  return module.createTarget(validated(module, spec));
}

/** What the worker's connector provider builds connectors with; tests wrap it to inject faults. */
export const connectorFactory = {
  salesSource: createSalesSource,
  accountingTarget: createAccountingTarget,
};

const FALLBACK_RATE_LIMIT = { limit: 60, windowMs: 60_000 };

/**
 * The budget a tenant's calls to its target are kept under: the connection's override, else every limit
 * the vendor publishes (e.g. per minute and per day, all of which must hold), else one per second.
 */
export function rateLimitOf(vendor: string, override: { limit: number; windowMs: number } | undefined): { limit: number; windowMs: number } | readonly { limit: number; windowMs: number }[] {
  if (override) return override;
  const module = targetModule(vendor);
  const reserve = module?.rateLimitReserve ?? 0;
  const published = (module?.rateLimits ?? []).map((w) => ({ ...w, limit: Math.max(1, w.limit - reserve) }));
  return published.length > 0 ? published : FALLBACK_RATE_LIMIT;
}
