import type { ConnectorFactory, RateLimit } from '../activities/connector-provider';
import { createAccountingTarget, createSalesSource, type SourceConnection, type TargetConnection } from '../connectors/registry';
import { moneybirdRateLimit } from '../connectors/targets/moneybird/rate-limit';

/** Stored connections → connectors, through the registry (which validates credentials and base URLs). */
export const connectorFactory: ConnectorFactory = {
  salesSource: (c) => createSalesSource({ vendor: c.vendor, baseUrl: c.baseUrl, credentials: c.credentials, timeoutMs: c.timeoutMs } as SourceConnection),
  accountingTarget: (c) => createAccountingTarget({ vendor: c.vendor, baseUrl: c.baseUrl, credentials: c.credentials, timeoutMs: c.timeoutMs } as TargetConnection),
};

/** Each target vendor's published limit (DESIGN: a per-tenant budget keeps calls under it). */
const publishedLimits: Record<string, RateLimit> = {
  moneybird: moneybirdRateLimit,
};

export function rateLimitOf(vendor: string, override: RateLimit | undefined): RateLimit {
  return override ?? publishedLimits[vendor] ?? { limit: 60, windowMs: 60_000 };
}
