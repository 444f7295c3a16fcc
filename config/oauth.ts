import { apiPublicUrl } from './load-config';
import type { Config } from './schema';

/** Where OAuth vendors send the merchant back; registered with each vendor's app. */
export function oauthRedirectUri(config: Config): string {
  return `${apiPublicUrl(config).replace(/\/+$/, '')}/oauth/callback`;
}

/** The worker's view: client id and secret per vendor, and the redirect URI the code was issued for. */
export function oauthApps(config: Config) {
  return { clients: config.OAUTH_CLIENTS, redirectUri: oauthRedirectUri(config) };
}

/** The API's view: client ids only (the secret never reaches the API). */
export function oauthClientIds(config: Config): Record<string, string> {
  return Object.fromEntries(Object.entries(config.OAUTH_CLIENTS).map(([vendor, app]) => [vendor, app.clientId]));
}
