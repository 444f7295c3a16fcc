/**
 * The token keeper's view of a connection's OAuth tokens: times and a version, never a token. Shared by
 * the keeper workflow (deterministic) and the activities that read and refresh the tokens.
 */
export interface TokenState {
  version: number;
  accessIssuedAt: number;
  accessExpiresAt: number;
  /** When a refresh is allowed and due: callers stop using the access token from here on. */
  refreshAt: number;
  refreshIssuedAt: number;
  /** When the refresh token lapses if unused. */
  refreshExpiresAt: number;
  /** Whether the access token was taken since it was issued (the keeper refreshes ahead only then). */
  usedSinceIssue: boolean;
  /** The vendor refused this version's access token (a 401): a new one is wanted now. */
  rejected: boolean;
  dead: { reason: string; at: number } | null;
}

/** What a caller of the keeper gets: the version to read from Postgres, or a wait, or a dead grant. */
export interface TokenHandout {
  version: number;
  usableUntil: number;
  dead: string | null;
  /** Set when no newer token can be had yet: try again after this long. */
  retryAfterMs: number | null;
}

/** The point after which an access token is not handed out (and is refreshed): `fraction` of its lifetime. */
export function refreshAtOf(issuedAt: number, expiresAt: number, fraction: number): number {
  return issuedAt + Math.floor((expiresAt - issuedAt) * fraction);
}

/** The keeper renews an idle refresh token at two thirds of its lifetime, and warns at five sixths. */
export function keepAliveAt(state: Pick<TokenState, 'refreshIssuedAt' | 'refreshExpiresAt'>): number {
  return state.refreshIssuedAt + Math.floor(((state.refreshExpiresAt - state.refreshIssuedAt) * 2) / 3);
}

export function warnAt(state: Pick<TokenState, 'refreshIssuedAt' | 'refreshExpiresAt'>): number {
  return state.refreshIssuedAt + Math.floor(((state.refreshExpiresAt - state.refreshIssuedAt) * 5) / 6);
}
