import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Context } from 'hono';
import pino, { type Logger } from 'pino';
import type { PasswordHashParams } from '../crypto/password';
import { vendorDescriptor } from '../connectors/catalogue';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { recordRequest } from '../db/queries/access-analytics';
import type { ThrottleRule } from '../db/queries/login-throttle';
import type { AccessRecorder } from './access-buffer';

export interface ApiConfig {
  /** Browser origins allowed to call the codec endpoint (the Temporal UI). */
  uiOrigins: string[];
  temporalUiUrl: string;
  namespace: string;
  taskQueue: string;
  sessionTtlHours: number;
  /** Where the API is reachable from outside: webhook URLs, and whether the session cookie is Secure. */
  publicUrl: string;
  syncPollIntervalSeconds?: number;
  saleConcurrency?: number;
  /** OAuth client id per vendor (the secrets stay with the worker); the redirect URI is publicUrl + /oauth/callback. */
  oauthClientIds?: Readonly<Record<string, string>>;
}

/** Called when a tenant's contract end changes, so the credential retention timer follows it. */
export interface RetentionHook {
  onContractChanged(tenantId: string): Promise<void>;
}

export interface ApiDeps {
  db: Db;
  temporal: Client;
  codec: PayloadCodec;
  vault: Vault;
  config: ApiConfig;
  logger?: Logger;
  now?: () => Date;
  /** Argon2id cost for new hashes; tests pass the minimum. */
  passwordHashParams?: PasswordHashParams;
  retention?: RetentionHook;
  loginThrottle?: { account?: Partial<ThrottleRule>; ip?: Partial<ThrottleRule>; connectionTest?: Partial<ThrottleRule> };
  timeouts?: { connectionTestMs?: number; temporalQueryMs?: number; healthMs?: number };
  /** The client's address; default the socket's. Override behind a trusted reverse proxy. */
  clientIp?: (c: Context) => string | null;
  /** A target vendor's published rate limit (or the connection's override), for the dashboard's queue estimate. */
  rateLimitOf?: (vendor: string, override: RateLimit | undefined) => RateLimit | null;
  /** Where access analytics go; default one insert per request. The server (api/server.ts) buffers them. */
  accessRecorder?: AccessRecorder;
}

export interface RateLimit { limit: number; windowMs: number }

/** The deps with every default filled in, as the routes see them. */
export interface ApiContext {
  db: Db;
  temporal: Client;
  codec: PayloadCodec;
  vault: Vault;
  config: ApiConfig;
  logger: Logger;
  now: () => Date;
  passwordHashParams: PasswordHashParams | undefined;
  retention: RetentionHook | undefined;
  throttle: { account: ThrottleRule; ip: ThrottleRule; connectionTest: ThrottleRule };
  timeouts: { connectionTestMs: number; temporalQueryMs: number; healthMs: number };
  clientIp: (c: Context) => string | null;
  rateLimitOf: (vendor: string, override: RateLimit | undefined) => RateLimit | null;
  accessRecorder: AccessRecorder;
}

const MINUTE = 60_000;

/** The connection's override, else the target vendor's strictest published limit (the catalogue's descriptors). */
function publishedRateLimit(vendor: string, override: RateLimit | undefined): RateLimit | null {
  if (override) return override;
  const limits = vendorDescriptor('target', vendor)?.rateLimits ?? [];
  return [...limits].sort((a, b) => a.limit / a.windowMs - b.limit / b.windowMs)[0] ?? null;
}

// Per account: a handful of tries. Per /24 network: more, since offices share one address.
const ACCOUNT_THROTTLE: ThrottleRule = { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
const IP_THROTTLE: ThrottleRule = { maxFailures: 20, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
// Per tenant: a handful of connection tests a minute (each one calls the vendor).
const CONNECTION_TEST_THROTTLE: ThrottleRule = { maxFailures: 5, windowMs: MINUTE, lockMs: MINUTE };

function socketAddress(c: Context): string | null {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? null;
}

export function resolveDeps(deps: ApiDeps): ApiContext {
  return {
    db: deps.db,
    temporal: deps.temporal,
    codec: deps.codec,
    vault: deps.vault,
    config: deps.config,
    logger: deps.logger ?? pino({ level: 'warn' }),
    now: deps.now ?? (() => new Date()),
    passwordHashParams: deps.passwordHashParams,
    retention: deps.retention,
    throttle: {
      account: { ...ACCOUNT_THROTTLE, ...deps.loginThrottle?.account },
      ip: { ...IP_THROTTLE, ...deps.loginThrottle?.ip },
      connectionTest: { ...CONNECTION_TEST_THROTTLE, ...deps.loginThrottle?.connectionTest },
    },
    timeouts: {
      connectionTestMs: deps.timeouts?.connectionTestMs ?? 45_000,
      temporalQueryMs: deps.timeouts?.temporalQueryMs ?? 5_000,
      healthMs: deps.timeouts?.healthMs ?? 2_000,
    },
    clientIp: deps.clientIp ?? socketAddress,
    rateLimitOf: deps.rateLimitOf ?? publishedRateLimit,
    accessRecorder: deps.accessRecorder ?? { record: (row) => recordRequest(deps.db, row) },
  };
}
