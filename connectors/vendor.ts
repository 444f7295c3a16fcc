import type { RequestBudget } from './http';
import type { z } from 'zod';
import type { Sale } from '../domain/sale';
import type { OAuthClientSpec, OAuthTokenClient } from './oauth';
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
  /**
   * Calls per window the budget leaves free for reads it does not reserve (master data a client caches,
   * connection tests); default 0.
   */
  rateLimitReserve?: number;
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

/**
 * How an `auth: 'oauth2'` target is connected (authorization-code flow) and how its tokens behave.
 * The API builds the authorize redirect from it; the token keeper workflow schedules refreshes by it.
 */
export interface OAuthSpec {
  authorizeUrl(baseUrl: string): string;
  tokenUrl(baseUrl: string): string;
  /** Scopes to request (space-joined); empty when the vendor grants them per app registration. */
  scopes: readonly string[];
  /** Extra query parameters of the authorize request. */
  authorizeParams?: Readonly<Record<string, string>>;
  /** Each refresh returns a new refresh token and the old one dies: refreshes must never run twice at once. */
  rotatingRefreshTokens: boolean;
  /**
   * Share of an access token's lifetime after which it is refreshed, and before which the vendor refuses
   * a refresh (Exact: not within 570 of its 600 seconds). Callers stop using a token at this point.
   */
  refreshAtFraction: number;
  /** How long a refresh token stays valid when unused; the keeper renews it well before and warns if it cannot. */
  refreshTokenIdleLifetimeMs: number;
  /** Whether the merchant picks an administration after connecting (AccountingTarget.listAdministrations). */
  choosesAdministration: boolean;
}

export interface TargetDescriptor extends VendorDescriptor {
  role: 'target';
  /** ISO 4217 codes the target books in, or 'any'. */
  currencies: 'any' | readonly string[];
  /** Present when auth is 'oauth2'. */
  oauth?: OAuthSpec;
  /**
   * Target-specific booking choices the tenant may set (tenant settings `targetOptions`), e.g. which
   * document to book or which journal; validated by the API, parsed again by the client.
   */
  targetOptionsSchema?: z.ZodObject;
}

export interface ConnectionSpec {
  vendor: string;
  baseUrl: string;
  credentials: unknown;
  timeoutMs?: number;
  /** The tenant's rate budget for this connection (targets); clients pass it to their HTTP client. */
  budget?: RequestBudget;
  /** oauth2 targets: the current access token, handed out by the tenant's token keeper. */
  accessToken?: string;
  /** oauth2 targets: the administration the merchant chose after connecting (null: not chosen yet). */
  administration?: string | null;
}

export interface SourceModule extends SourceDescriptor {
  /** Builds the client; `spec.credentials` is validated against credentialsSchema first. */
  createSource: (spec: ConnectionSpec) => SalesSource;
}

export interface TargetModule extends TargetDescriptor {
  createTarget: (spec: ConnectionSpec) => AccountingTarget;
  /** oauth2 targets: the token endpoint client (code exchange and refresh). */
  createOAuthClient?: (spec: OAuthClientSpec) => OAuthTokenClient;
}
