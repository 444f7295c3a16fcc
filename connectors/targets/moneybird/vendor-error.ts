import { ConnectorError } from '../../errors';
import type { FailedResponse } from '../../http-errors';
import { moneybirdRetryAfterMs } from './rate-limit';

/** Scope names as Moneybird's OAuth knows them (spec: "Required scope(s)" on every operation). */
const knownScopes = ['sales_invoices', 'documents', 'estimates', 'bank', 'time_entries', 'settings', 'contacts'] as const;

/** The scopes named in a 401 body such as `{"error":"No access to documents, sales_invoices and bank"}`. */
export function missingScopes(body: unknown): string[] | null {
  const error = (body as { error?: unknown } | null)?.error;
  if (typeof error !== 'string') return null;
  const listed = /^No access to (.+)$/.exec(error.trim())?.[1];
  if (listed === undefined) return null;
  const scopes = listed.split(/,\s*|\s+(?:and|or)\s+/).map((s) => s.trim()).filter((s) => (knownScopes as readonly string[]).includes(s));
  return scopes.length > 0 ? scopes : null;
}

/**
 * Moneybird's reading of a failed response, where it differs from the generic one:
 * - 429: `Retry-After` and `RateLimit-Reset` are epoch timestamps (see rate-limit.ts);
 * - 401 "No access to <scopes>": the token is valid but lacks a scope the merchant must grant,
 *   which is MISSING_SCOPE, not revoked credentials.
 */
export function moneybirdVendorError(res: FailedResponse): ConnectorError | undefined {
  const what = `${res.vendor} ${res.method} ${res.path}: HTTP ${res.status}`;
  if (res.status === 429) {
    return new ConnectorError('RATE_LIMITED', `${what} (rate limited)`, { status: 429, retryAfterMs: moneybirdRetryAfterMs(res.headers) });
  }
  if (res.status === 401 || res.status === 403) {
    const scopes = missingScopes(res.body);
    if (scopes) {
      return new ConnectorError('MISSING_SCOPE', `${what} (the connection lacks the permission ${scopes.join(' / ')})`, {
        status: res.status,
        issues: scopes.map((scope) => ({ code: 'missing_scope', path: 'scope', message: scope })),
      });
    }
  }
  return undefined;
}
