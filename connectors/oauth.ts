import { parseBaseUrl } from './base-url';
import { ConnectorError } from './errors';

/**
 * The token endpoint of an OAuth2 authorization-code flow, for targets with `auth: 'oauth2'`.
 * Connectors only speak HTTP here; the token keeper workflow decides when to call it, and the
 * activities store what it returns sealed in Postgres.
 */

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token as the vendor stated it (`expires_in`). */
  expiresInMs: number;
}

export interface OAuthClientSpec {
  /** The vendor site the merchant connected (e.g. a country host); token URL derives from it. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** Must equal the redirect_uri of the authorize request. */
  redirectUri: string;
  timeoutMs?: number;
}

/**
 * Failures are ConnectorErrors: AUTH_REVOKED when the grant is dead (refresh token reused, expired,
 * revoked; code invalid), RATE_LIMITED when the vendor refuses a refresh that comes too early,
 * VALIDATION when our client registration is refused, retryable codes for network and 5xx.
 */
export interface OAuthTokenClient {
  exchangeCode(code: string): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<TokenSet>;
}

/** Reads a token endpoint's error response into the failure the keeper acts on. */
export type TokenErrorClassifier = (status: number, body: unknown, headers: Headers) => ConnectorError;

export interface TokenClientConfig extends OAuthClientSpec {
  vendor: string;
  tokenUrl: string;
  classify: TokenErrorClassifier;
}

const notSent = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return 'unknown';
}

/** `expires_in` arrives as a number or, from some vendors, as a string ("600"). */
function expiresInMs(value: unknown): number | null {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/**
 * A form-encoded POST to the token endpoint (RFC 6749 §4.1.3 and §6). Hand-written because vendors
 * bend the RFC (string `expires_in`); tokens never appear in an error message.
 */
export function createTokenClient(config: TokenClientConfig): OAuthTokenClient {
  const url = parseBaseUrl(config.tokenUrl);
  const timeoutMs = config.timeoutMs ?? 15_000;

  async function post(form: Record<string, string>, what: string): Promise<TokenSet> {
    let status: number;
    let headers: Headers;
    let text: string;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      status = res.status;
      headers = res.headers;
      text = await res.text();
    } catch (error) {
      // A request that may have been answered after a rotation: the caller retries with the same refresh token.
      if (error instanceof Error && error.name === 'TimeoutError') {
        throw new ConnectorError('TIMEOUT', `${config.vendor} token endpoint (${what}): no answer within ${timeoutMs} ms`, { ambiguous: true });
      }
      const code = causeCode(error);
      throw new ConnectorError('NETWORK', `${config.vendor} token endpoint (${what}): network error (${code})`, { ambiguous: !notSent.has(code) });
    }
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: left as text for the classifier
    }
    if (status < 200 || status >= 300) throw config.classify(status, body, headers);
    const tokens = body as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown } | null;
    const lifetime = expiresInMs(tokens?.expires_in);
    if (typeof tokens?.access_token !== 'string' || tokens.access_token === '' || typeof tokens.refresh_token !== 'string' || tokens.refresh_token === '' || lifetime === null) {
      throw new ConnectorError('SERVER_ERROR', `${config.vendor} token endpoint (${what}): response is not a token set`, { ambiguous: true });
    }
    return { accessToken: tokens.access_token, refreshToken: tokens.refresh_token, expiresInMs: lifetime };
  }

  const client = { client_id: config.clientId, client_secret: config.clientSecret };
  return {
    exchangeCode: (code) => post({ ...client, grant_type: 'authorization_code', code, redirect_uri: config.redirectUri }, 'authorization code'),
    refresh: (refreshToken) => post({ ...client, grant_type: 'refresh_token', refresh_token: refreshToken }, 'refresh'),
  };
}
