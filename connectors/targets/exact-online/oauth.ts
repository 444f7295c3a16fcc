import { ConnectorError } from '../../errors';
import type { TokenErrorClassifier } from '../../oauth';
import type { OAuthSpec } from '../../vendor';

/**
 * Exact Online's OAuth2 (authorization code): `{host}/api/oauth2/auth` and `{host}/api/oauth2/token`.
 * Scopes are granted per app registration in the Exact App Center, so none are requested here.
 * Token facts (support.exactonline.com "OAuth - step 4", Invantive forum notes, picqer issues #549/#640/#644):
 * access tokens live 600 s; a new one may not be requested within 570 s of the previous one
 * (400 access_denied, Reason TooEarlyToRefreshTokens); every refresh returns a new refresh token, and once
 * the new one is used the old one is refused (401 unauthorized_client "Old refresh token used."); an unused
 * refresh token expires after 30 days (400 invalid_request "The refresh token expired at …").
 */
export const exactOAuth: OAuthSpec = {
  authorizeUrl: (baseUrl) => `${baseUrl.replace(/\/+$/, '')}/api/oauth2/auth`,
  tokenUrl: (baseUrl) => `${baseUrl.replace(/\/+$/, '')}/api/oauth2/token`,
  scopes: [],
  // Without force_login=0 Exact always asks for the password again, even with a live session.
  authorizeParams: { force_login: '0' },
  rotatingRefreshTokens: true,
  refreshAtFraction: 570 / 600,
  refreshTokenIdleLifetimeMs: 30 * 86_400_000,
  choosesAdministration: true,
};

const codeOf = (body: unknown): string => {
  const error = (body as { error?: unknown } | null)?.error;
  return typeof error === 'string' ? error : '';
};
const descriptionOf = (body: unknown): string => {
  const description = (body as { error_description?: unknown } | null)?.error_description;
  return typeof description === 'string' ? description : '';
};

/** What Exact's token endpoint says, as the failure the token keeper acts on. Never copies a token. */
export const classifyExactTokenError: TokenErrorClassifier = (status, body, headers) => {
  const error = codeOf(body);
  const description = descriptionOf(body);
  const reason = headers.get('reason') ?? '';
  const where = `exact-online token endpoint: HTTP ${status}${error ? ` ${error}` : ''}`;
  if (status === 429) return new ConnectorError('RATE_LIMITED', `${where} (token requests limited)`, { status, retryAfterMs: 60_000 });
  if (status >= 500) return new ConnectorError('SERVER_ERROR', `${where} (server error)`, { status, ambiguous: true });
  if (/TooEarlyToRefreshTokens/i.test(reason) || /access_token not expired/i.test(description)) {
    return new ConnectorError('RATE_LIMITED', `${where} (the access token has not expired yet)`, {
      status, retryAfterMs: 30_000, issues: [{ code: 'too_early_to_refresh', path: 'refresh_token', message: 'the access token has not expired yet' }],
    });
  }
  if (/old refresh token/i.test(description)) {
    return new ConnectorError('AUTH_REVOKED', `${where} (refresh token already used)`, {
      status, issues: [{ code: 'refresh_token_reused', path: 'refresh_token', message: 'the refresh token was replaced by a newer one' }],
    });
  }
  if (/refresh token expired/i.test(description)) {
    return new ConnectorError('AUTH_REVOKED', `${where} (refresh token expired)`, {
      status, issues: [{ code: 'refresh_token_expired', path: 'refresh_token', message: 'the refresh token expired unused' }],
    });
  }
  if (error === 'invalid_client') {
    // Our app registration (client id or secret) is refused: a platform setting, not the merchant's grant.
    return new ConnectorError('VALIDATION', `${where} (app registration refused)`, { status, issues: [{ code: 'invalid_client', path: 'clientId', message: 'client id or secret refused' }] });
  }
  if (status === 400 || status === 401 || status === 403) {
    return new ConnectorError('AUTH_REVOKED', `${where} (grant refused)`, {
      status, issues: [{ code: error || 'grant_refused', path: 'refresh_token', message: 'the grant was refused' }],
    });
  }
  return new ConnectorError('VALIDATION', `${where} (unexpected answer)`, { status });
};
