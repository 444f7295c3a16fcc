import type { Rng } from '../../sim/rng';

/**
 * Exact Online's authorization server as doorzet meets it: single-use authorization codes (3 minutes),
 * access tokens of `expires_in` seconds, refresh tokens that rotate on every refresh, no refresh within
 * 570 of 600 seconds (scaled to the configured lifetime), unused refresh tokens that lapse, and the error
 * bodies of fixtures/token-exchanges.json.
 *
 * `reuse`: 'single-use' (default) refuses a refresh token's second use ("Old refresh token used."), as the
 * issue describes Exact; 'until-successor-used' keeps it valid until a newer token of the same grant is
 * used, as Invantive documents for apps where Exact allows it.
 */
export interface SimOAuthOptions {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; empty: any. */
  redirectUris: readonly string[];
  accessTokenLifetimeMs: number;
  refreshIdleLifetimeMs: number;
  codeLifetimeMs: number;
  reuse: 'single-use' | 'until-successor-used';
  now: () => number;
  rng: Rng;
}

interface Grant {
  id: number;
  revoked: boolean;
  /** Refresh and access tokens of generations below this are dead (a newer one was used). */
  deadBelow: number;
  latest: number;
  lastAccessIssuedAt: number;
}

interface RefreshToken { grant: number; generation: number; issuedAt: number; used: boolean }
interface AccessToken { grant: number; generation: number; expiresAt: number }

export interface TokenReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface SimOAuthCounters {
  codesIssued: number;
  codeExchanges: number;
  refreshes: number;
  /** Refused token requests by reason. */
  refused: Record<'reused' | 'expired' | 'tooEarly' | 'invalidGrant' | 'invalidClient', number>;
  /** API calls answered 401 for an unknown, expired or revoked access token. */
  unauthorizedCalls: number;
}

export interface SimOAuth {
  counters: SimOAuthCounters;
  /** GET /api/oauth2/auth: the simulated user approves (or denies) and is sent back with a code. */
  authorize(params: URLSearchParams, consent: 'approve' | 'deny'): { redirect: string } | { status: 400; text: string };
  token(form: URLSearchParams): TokenReply;
  /** A bearer token for an API call: valid or not. Using a generation kills every older refresh token. */
  authenticate(accessToken: string): boolean;
  /** The merchant removed the app: every token of every grant dies. */
  revokeAll(): void;
  /** Makes every refresh token look unused for longer than its idle lifetime. */
  ageRefreshTokens(ms: number): void;
  liveGrants(): number;
}

const DAY_FMT = (ms: number) => {
  const d = new Date(ms);
  const h = d.getUTCHours() % 12 || 12;
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h}:${String(d.getUTCMinutes()).padStart(2, '0')}:${String(d.getUTCSeconds()).padStart(2, '0')} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
};

export function createSimOAuth(options: SimOAuthOptions): SimOAuth {
  const codes = new Map<string, { redirectUri: string; expiresAt: number; used: boolean }>();
  const grants = new Map<number, Grant>();
  const refreshTokens = new Map<string, RefreshToken>();
  const accessTokens = new Map<string, AccessToken>();
  const counters: SimOAuthCounters = {
    codesIssued: 0, codeExchanges: 0, refreshes: 0, unauthorizedCalls: 0,
    refused: { reused: 0, expired: 0, tooEarly: 0, invalidGrant: 0, invalidClient: 0 },
  };
  const alphabet = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'];
  const random = (n: number) => Array.from({ length: n }, () => options.rng.pick(alphabet)).join('');

  const issue = (grant: Grant): TokenReply => {
    grant.latest += 1;
    grant.lastAccessIssuedAt = options.now();
    const refresh = `Gcp7!IAAA${random(40)}`;
    const access = `gAAAA${random(60)}`;
    refreshTokens.set(refresh, { grant: grant.id, generation: grant.latest, issuedAt: options.now(), used: false });
    accessTokens.set(access, { grant: grant.id, generation: grant.latest, expiresAt: options.now() + options.accessTokenLifetimeMs });
    // expires_in is a string in Exact's answer.
    return { status: 200, body: { access_token: access, token_type: 'bearer', expires_in: String(Math.round(options.accessTokenLifetimeMs / 1000)), refresh_token: refresh } };
  };

  /** First use of a generation: every older refresh token of the grant dies. */
  const use = (grant: Grant, generation: number) => {
    if (generation > grant.deadBelow) grant.deadBelow = generation;
  };

  const refused = (reason: keyof SimOAuthCounters['refused'], reply: TokenReply): TokenReply => {
    counters.refused[reason] += 1;
    return reply;
  };

  return {
    counters,

    authorize(params, consent) {
      const redirectUri = params.get('redirect_uri') ?? '';
      if (params.get('client_id') !== options.clientId) return { status: 400, text: 'Invalid client_id' };
      if (redirectUri === '' || (options.redirectUris.length > 0 && !options.redirectUris.includes(redirectUri))) return { status: 400, text: 'Invalid redirect_uri' };
      const target = new URL(redirectUri);
      const state = params.get('state');
      if (consent === 'deny') {
        target.searchParams.set('error', 'access_denied');
      } else {
        const code = `eyJ${random(80)}`;
        codes.set(code, { redirectUri, expiresAt: options.now() + options.codeLifetimeMs, used: false });
        counters.codesIssued += 1;
        target.searchParams.set('code', code);
      }
      if (state !== null) target.searchParams.set('state', state);
      return { redirect: target.toString() };
    },

    token(form) {
      if (form.get('client_id') !== options.clientId || form.get('client_secret') !== options.clientSecret) {
        return refused('invalidClient', { status: 400, body: { error: 'invalid_client' } });
      }
      const grantType = form.get('grant_type');
      if (grantType === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        if (!code || code.used || code.expiresAt <= options.now() || code.redirectUri !== form.get('redirect_uri')) {
          return refused('invalidGrant', { status: 400, body: { error: 'invalid_grant' } });
        }
        code.used = true;
        counters.codeExchanges += 1;
        const grant: Grant = { id: grants.size + 1, revoked: false, deadBelow: 0, latest: 0, lastAccessIssuedAt: 0 };
        grants.set(grant.id, grant);
        return issue(grant);
      }
      if (grantType !== 'refresh_token') return { status: 400, body: { error: 'unsupported_grant_type' } };
      const token = refreshTokens.get(form.get('refresh_token') ?? '');
      const grant = token ? grants.get(token.grant) : undefined;
      if (!token || !grant || grant.revoked) return refused('invalidGrant', { status: 400, body: { error: 'invalid_grant' } });
      const dead = token.generation < grant.deadBelow || (options.reuse === 'single-use' && token.used);
      if (dead) return refused('reused', { status: 401, body: { error: 'unauthorized_client', error_description: 'Old refresh token used.' } });
      const expiresAt = token.issuedAt + options.refreshIdleLifetimeMs;
      if (!token.used && expiresAt <= options.now()) {
        return refused('expired', { status: 400, body: { error: 'invalid_request', error_description: `The refresh token expired at ${DAY_FMT(expiresAt)} and it is now ${DAY_FMT(options.now())}.` } });
      }
      // No new access token within 570 of 600 seconds of the previous one (scaled to the configured lifetime).
      if (options.now() < grant.lastAccessIssuedAt + options.accessTokenLifetimeMs * (570 / 600)) {
        return refused('tooEarly', {
          status: 400,
          headers: { Reason: 'TooEarlyToRefreshTokens: Rate limit exceeded: access_token not expired' },
          body: { error: 'access_denied', error_description: 'Rate limit exceeded: access_token not expired' },
        });
      }
      token.used = true;
      use(grant, token.generation);
      counters.refreshes += 1;
      return issue(grant);
    },

    authenticate(accessToken) {
      const token = accessTokens.get(accessToken);
      const grant = token ? grants.get(token.grant) : undefined;
      if (!token || !grant || grant.revoked || token.expiresAt <= options.now()) {
        counters.unauthorizedCalls += 1;
        return false;
      }
      use(grant, token.generation);
      return true;
    },

    revokeAll() {
      for (const grant of grants.values()) grant.revoked = true;
    },

    ageRefreshTokens(ms) {
      for (const token of refreshTokens.values()) token.issuedAt -= ms;
    },

    liveGrants: () => [...grants.values()].filter((g) => !g.revoked).length,
  };
}
