import type { RequestBudget } from './http';
import type { z } from 'zod';
import type { Sale } from '../domain/sale';
import type { AccountingTarget, SalesSource } from './ports';

/**
 * What each vendor folder exports. The descriptor is pure (schemas, webhook verification and
 * parsing, cursor rules, published limits): the API reads it through connectors/catalogue.ts
 * without ever calling the vendor. The module adds the client, which only the worker builds.
 */

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/**
 * A cost-based limit (a leaky bucket of query points, as GraphQL APIs publish it). The vendor reports
 * the live bucket with every answer; its client waits for the bucket to refill instead of failing.
 */
export interface CostThrottle {
  /** Points restored per second on the smallest plan. */
  restorePointsPerSecond: number;
  /** The most one query may cost. */
  maxQueryCost: number;
}

export interface VendorDescriptor {
  /** Registry key, stored on the connection row. */
  vendor: string;
  displayName: string;
  /** The vendor's API documentation this folder follows. */
  docsUrl: string;
  /** What the merchant enters; validated by the API, sealed in the vault, read back by the client. */
  credentialsSchema: z.ZodObject;
  /** The vendor's own API root when there is one (e.g. a SaaS ledger), else null (each shop has its own URL). */
  defaultBaseUrl: string | null;
  /** What `baseUrl` means for this vendor, for the connection form and the README. */
  baseUrlHelp: string;
  /** The vendor's published rate limits per tenant (all must hold); empty when none is published. */
  rateLimits: readonly RateLimit[];
  /** A published cost-based limit, for vendors that meter query cost instead of requests. */
  costThrottle?: CostThrottle;
  /** How the merchant connects: keys pasted into a form, or an OAuth authorization-code flow. */
  auth: 'credentials' | 'oauth2';
}

/** One change a verified webhook delivery announces. */
export type WebhookEvent =
  | {
    kind: 'order'; externalId: string; modifiedAt?: string;
    /** The order's refund ids and status, when the delivery carries the order (saves a read per change). */
    refunds?: string[]; bookable?: boolean; cancelled?: boolean;
  }
  | { kind: 'refund'; orderExternalId: string; refundExternalId: string }
  | { kind: 'ping' }
  | { kind: 'ignored'; reason: string };

export interface WebhookSpec {
  /** The topics the merchant subscribes to in the shop, for the connection page. */
  topics: readonly string[];
  /** The header carrying the signature (for the docs and the route's request schema). */
  signatureHeader: string;
  /** The credential field holding the shared secret. */
  secretOf(credentials: Record<string, unknown>): string | null;
  /**
   * True when `rawBody` carries a valid signature under `secret` (constant-time compare). An unsigned
   * ping that the vendor needs answered is reported by parse(), not here.
   */
  verify(secret: string, rawBody: Uint8Array, headers: Headers): boolean;
  /** An unsigned delivery the vendor needs a 2xx for (e.g. a ping when the merchant creates the webhook). */
  isUnsignedPing?(rawBody: Uint8Array, headers: Headers): boolean;
  /** Parses a verified delivery; throws nothing: malformed bodies become `ignored` or an error via `invalid`. */
  parse(rawBody: Uint8Array, headers: Headers): WebhookEvent | { kind: 'invalid'; message: string };
  /** The vendor's delivery id, to drop redeliveries (a header that stays the same on every retry); null when none. */
  deliveryId?(headers: Headers): string | null;
}

export interface SourceDescriptor extends VendorDescriptor {
  role: 'source';
  webhook: WebhookSpec | null;
  /**
   * One order as the vendor's API returns it (JSON), normalised without calling the vendor (the
   * preview). Throws ConnectorError SALE_INVALID (with issues) when it cannot be. Absent: no offline preview.
   */
  saleFromPayload?(raw: unknown): Sale;
  /**
   * How far before the cursor each poll re-reads: sources whose modified-after filter is exclusive or
   * coarse (whole seconds) could otherwise miss a change stamped in the cursor's own second.
   */
  cursorOverlapMs: number;
}

export interface TargetDescriptor extends VendorDescriptor {
  role: 'target';
  /** ISO 4217 codes the target books in, or 'any'. */
  currencies: 'any' | readonly string[];
}

export interface ConnectionSpec {
  vendor: string;
  baseUrl: string;
  credentials: unknown;
  timeoutMs?: number;
  /** The tenant's rate budget for this connection (targets); clients pass it to their HTTP client. */
  budget?: RequestBudget;
}

export interface SourceModule extends SourceDescriptor {
  /** Builds the client; `spec.credentials` is validated against credentialsSchema first. */
  createSource: (spec: ConnectionSpec) => SalesSource;
}

export interface TargetModule extends TargetDescriptor {
  createTarget: (spec: ConnectionSpec) => AccountingTarget;
}
