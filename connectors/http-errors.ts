import { ConnectorError } from './errors';
import type { ConnectorErrorDetails } from './errors';

export type HttpIssue = NonNullable<ConnectorErrorDetails['issues']>[number];

/** Reads a vendor error body into field-name issues; must never copy submitted values. */
export type IssueParser = (body: unknown) => HttpIssue[];

/**
 * Milliseconds until the vendor accepts calls again, read the generic way: the later of `Retry-After`
 * (RFC 9110: delta seconds or an HTTP date) and `RateLimit-Reset` (IETF draft: delta seconds; a value
 * past 1e9 is taken as an epoch). A vendor that defines these headers otherwise passes its own
 * reading through HttpClientConfig.vendorError.
 */
export function retryAfterMs(headers: Headers, nowMs = Date.now()): number | undefined {
  const candidates: number[] = [];
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) candidates.push(Number(retryAfter) * 1000);
    else {
      const at = Date.parse(retryAfter);
      if (!Number.isNaN(at)) candidates.push(at - nowMs);
    }
  }
  const reset = headers.get('ratelimit-reset')?.trim();
  if (reset && /^\d+$/.test(reset)) {
    const value = Number(reset);
    // A value this large can only be an epoch timestamp, not a delay.
    candidates.push(value > 1_000_000_000 ? value * 1000 - nowMs : value * 1000);
  }
  if (candidates.length === 0) return undefined;
  return Math.max(0, ...candidates);
}

export interface FailedResponse {
  vendor: string;
  method: string;
  /** Path only: queries can hold personal data (e-mail searches). */
  path: string;
  status: number;
  headers: Headers;
  body: unknown;
  isWrite: boolean;
}

/** Maps a non-success HTTP response to the ConnectorError the sale journey acts on. */
export function errorForStatus(res: FailedResponse, parseIssues: IssueParser): ConnectorError {
  const { status } = res;
  const what = `${res.vendor} ${res.method} ${res.path}: HTTP ${status}`;
  if (status === 429) {
    return new ConnectorError('RATE_LIMITED', `${what} (rate limited)`, { status, retryAfterMs: retryAfterMs(res.headers) });
  }
  if (status === 401 || status === 403) return new ConnectorError('AUTH_REVOKED', `${what} (credentials rejected)`, { status });
  if (status === 402) return new ConnectorError('PAYMENT_REQUIRED', `${what} (plan limit reached)`, { status, issues: parseIssues(res.body) });
  if (status === 404) return new ConnectorError('NOT_FOUND', `${what} (not found)`, { status });
  if (status === 400 || status === 422) {
    return new ConnectorError('VALIDATION', `${what} (rejected)`, { status, issues: parseIssues(res.body) });
  }
  // A gateway error on a write may come after the vendor committed it; let the caller look first.
  if (status >= 500) return new ConnectorError('SERVER_ERROR', `${what} (server error)`, { status, ambiguous: res.isWrite });
  return new ConnectorError('VALIDATION', `${what} (unexpected status)`, { status });
}

/** A 2xx whose body is not what the vendor documents (HTML from a WAF, a maintenance page): treat as transient. */
export function unusableResponse(where: string, issues: HttpIssue[] = []): ConnectorError {
  return new ConnectorError('SERVER_ERROR', `${where}: response body not in the documented shape`, { issues });
}
