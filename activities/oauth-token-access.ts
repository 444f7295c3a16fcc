import { ApplicationFailure } from '@temporalio/common';
import { ConnectorError } from '../connectors/errors';
import type { AccountingTarget } from '../connectors/ports';
import type { OAuthSpec } from '../connectors/vendor';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import type { ConnectionRow } from '../db/queries/connections';
import { getTargetTokens, markAccessRejected, touchTokensUsed } from '../db/queries/oauth-tokens';
import { credentialPauseMessage, type CredentialPauseReason } from '../domain/credential-pause';
import { refreshAtOf } from '../domain/oauth-tokens';
import type { TokenKeeperClient } from './token-keeper-client';

/**
 * How an activity gets the access token of an oauth2 target: read it (sealed) from Postgres, where only
 * the tenant's token keeper writes it. When it is about to expire, ask the keeper for a newer one (an
 * update that answers a version, never a token) and read again. Refresh tokens never leave the keeper's
 * own activity, so any number of sales on any number of workers cannot race on a single-use refresh token.
 */

export interface AccessGrant {
  accessToken: string;
  version: number;
  /** Until when this token is handed out (the keeper refreshes from then on). */
  usableUntil: number;
}

export const ACCESS_SLOT = 'oauth-access';
export const REFRESH_SLOT = 'oauth-refresh';

/** The sale cannot reach the target right now (no fresh token yet): retried after `ms`, not an error of the sale. */
export function tokenNotReady(message: string, ms: number): ApplicationFailure {
  return ApplicationFailure.create({ type: 'TARGET_UNAVAILABLE', message, nonRetryable: false, nextRetryDelay: Math.max(500, Math.min(ms, 10 * 60_000)) });
}

/** The tenant's sync must pause until the merchant acts (reconnect, choose an administration). */
export function pauseFor(reason: CredentialPauseReason): ApplicationFailure {
  return ApplicationFailure.create({ type: 'AUTH_REVOKED', message: credentialPauseMessage(reason), nonRetryable: true, details: [{ pauseReason: reason, issues: [] }] });
}

export function createTokenAccess(deps: { db: Db; vault: Vault; keeper: TokenKeeperClient | null; now?: () => number }) {
  const now = deps.now ?? Date.now;

  async function accessToken(connection: ConnectionRow, oauth: OAuthSpec, access: { actor: string; purpose: string }): Promise<AccessGrant> {
    for (let asked = false; ; asked = true) {
      const found = await getTargetTokens(deps.db, connection.tenantId);
      const tokens = found?.connection.id === connection.id ? found.tokens : null;
      if (!tokens) throw pauseFor('not-connected');
      if (tokens.deadAt) throw pauseFor((tokens.deadReason ?? 'grant-revoked') as CredentialPauseReason);
      const usableUntil = refreshAtOf(tokens.accessIssuedAt.getTime(), tokens.accessExpiresAt.getTime(), oauth.refreshAtFraction);
      if (now() < usableUntil && tokens.rejectedVersion !== tokens.version) {
        const accessTokenValue = await deps.vault.open(connection.tenantId, connection.id, tokens.sealedAccessToken, access, ACCESS_SLOT);
        if (typeof accessTokenValue !== 'string') throw new Error('sealed access token is not a string');
        await touchTokensUsed(deps.db, connection.id);
        return { accessToken: accessTokenValue, version: tokens.version, usableUntil };
      }
      if (asked || !deps.keeper) throw tokenNotReady('The access token of the accounting system is being renewed.', 2_000);
      let handout;
      try {
        handout = await deps.keeper.freshToken(connection.tenantId, tokens.version);
      } catch {
        // The keeper did not answer in time (busy worker, continue-as-new): the next attempt reads again.
        throw tokenNotReady('The token keeper did not answer in time.', 2_000);
      }
      if (handout.dead) throw pauseFor(handout.dead as CredentialPauseReason);
      if (handout.version <= tokens.version) throw tokenNotReady('The access token of the accounting system is being renewed.', handout.retryAfterMs ?? 2_000);
    }
  }

  /**
   * The target with a 401 turned into "this token is spent": the version is marked rejected (no one takes
   * it again), the keeper renews it, and the activity retries with the next one instead of pausing the tenant.
   */
  function guarded(target: AccountingTarget, connection: ConnectionRow, grant: AccessGrant, forget: () => void): AccountingTarget {
    return new Proxy(target, {
      get(object, property, receiver) {
        const value: unknown = Reflect.get(object, property, receiver);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          try {
            return await (value as (...a: unknown[]) => Promise<unknown>).apply(object, args);
          } catch (error) {
            if (error instanceof ConnectorError && error.code === 'AUTH_REVOKED' && error.details.status === 401) {
              forget();
              await markAccessRejected(deps.db, connection.id, grant.version);
              throw tokenNotReady('The accounting system refused the access token; a new one is being requested.', 1_000);
            }
            throw error;
          }
        };
      },
    });
  }

  return { accessToken, guarded };
}

export type TokenAccess = ReturnType<typeof createTokenAccess>;
