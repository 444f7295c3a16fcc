import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ConnectorError } from '../connectors/errors';
import { targetModule } from '../connectors/registry';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { markCredentialsRejected } from '../db/queries/connections';
import { getTargetTokens, markTokensDead, saveRefreshedTokens, type OAuthTokenRow } from '../db/queries/oauth-tokens';
import type { AlertRequest } from '../domain/alerts';
import { credentialPauseMessage, deadGrantReason } from '../domain/credential-pause';
import { refreshAtOf, type TokenState } from '../domain/oauth-tokens';
import { toApplicationFailure } from './failures';
import { ACCESS_SLOT, REFRESH_SLOT } from './oauth-token-access';

/** The platform's registration at each OAuth vendor (client id and secret) and where the vendor sends the merchant back. */
export interface OAuthApps {
  clients: Readonly<Record<string, { clientId: string; clientSecret: string }>>;
  redirectUri: string;
}

/**
 * What the keeper's workflow passes to `raiseTenantAlert` (its recorded histories carry this shape):
 * the kind `oauth-refresh-token-expiring` with `params.expiresAt`, or `oauth-connection-dead` with `params.reason`.
 */
export interface KeeperAlertInput {
  tenantId: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  dedupKey: string;
  params: Record<string, string>;
}

export type RefreshMode = 'demand' | 'ahead' | 'keep-alive';

export type RefreshOutcome =
  | { kind: 'refreshed' | 'current' | 'unused' | 'too-early' | 'dead'; state: TokenState }
  | { kind: 'gone' };

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

export function tokenStateOf(row: OAuthTokenRow, refreshAtFraction: number): TokenState {
  const issued = row.accessIssuedAt.getTime();
  const expires = row.accessExpiresAt.getTime();
  return {
    version: row.version,
    accessIssuedAt: issued,
    accessExpiresAt: expires,
    refreshAt: refreshAtOf(issued, expires, refreshAtFraction),
    refreshIssuedAt: row.refreshIssuedAt.getTime(),
    refreshExpiresAt: row.refreshExpiresAt.getTime(),
    usedSinceIssue: row.lastUsedAt !== null && row.lastUsedAt.getTime() >= issued,
    rejected: row.rejectedVersion === row.version,
    dead: row.deadAt ? { reason: row.deadReason ?? 'grant-revoked', at: row.deadAt.getTime() } : null,
  };
}

/**
 * The side effects of the token keeper. `refreshTokens` is the only code that uses a refresh token: it
 * runs inside the keeper (one per tenant, one activity at a time) and holds the token row's lock across
 * the call to the vendor, so even an activity retried while a lost attempt still runs cannot refresh twice.
 */
export function createTokenKeeperActivities(deps: {
  db: Db; vault: Vault; oauth: OAuthApps | null; now?: () => number;
  /** Delivers a tenant alert once per dedup key (activities/alert-activities.ts). */
  sendAlert: (alert: AlertRequest) => Promise<unknown>;
}) {
  const now = deps.now ?? Date.now;
  const oauthOf = (vendor: string) => {
    const module = targetModule(vendor);
    return module?.auth === 'oauth2' && module.oauth && module.createOAuthClient ? { spec: module.oauth, createClient: module.createOAuthClient } : null;
  };

  return {
    /** The tokens' times and version (no token), or null when the tenant has no OAuth target tokens. */
    async loadTokenState(input: { tenantId: string }): Promise<TokenState | null> {
      const found = await getTargetTokens(deps.db, input.tenantId);
      const oauth = found && oauthOf(found.connection.vendor);
      return found?.tokens && oauth ? tokenStateOf(found.tokens, oauth.spec.refreshAtFraction) : null;
    },

    async refreshTokens(input: { tenantId: string; expectedVersion: number; mode: RefreshMode }): Promise<RefreshOutcome> {
      return deps.db.transaction(async (tx) => {
        const found = await getTargetTokens(tx, input.tenantId, true);
        const oauth = found && oauthOf(found.connection.vendor);
        if (!found?.tokens || !oauth) return { kind: 'gone' } as const;
        const { connection, tokens } = found;
        const state = tokenStateOf(tokens, oauth.spec.refreshAtFraction);
        if (state.dead) return { kind: 'dead', state } as const;
        // Someone (an earlier attempt of this very activity) already refreshed: nothing to do.
        if (tokens.version !== input.expectedVersion) return { kind: 'current', state } as const;
        if (input.mode === 'ahead' && !state.usedSinceIssue && !state.rejected) return { kind: 'unused', state } as const;
        // Never ask before the vendor allows it (Exact refuses within 570 of 600 seconds).
        if (now() < state.refreshAt) return { kind: 'too-early', state } as const;
        const app = deps.oauth?.clients[connection.vendor];
        if (!app || !deps.oauth) {
          throw ApplicationFailure.create({ type: 'OAUTH_APP_MISSING', nonRetryable: true, message: `No OAuth client is configured for ${connection.vendor} (OAUTH_CLIENTS).` });
        }
        const refreshToken = await deps.vault.open(input.tenantId, connection.id, tokens.sealedRefreshToken, { actor: actor(), purpose: `refresh the access token (${input.mode})` }, REFRESH_SLOT);
        if (typeof refreshToken !== 'string') throw new Error('sealed refresh token is not a string');
        const client = oauth.createClient({ baseUrl: connection.baseUrl, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: deps.oauth.redirectUri, timeoutMs: connection.settings.timeoutMs });
        // The vendor starts a token's lifetime when it answers; counting from our request keeps us on the safe side.
        const requestedAt = now();
        let issued;
        try {
          issued = await client.refresh(refreshToken);
        } catch (error) {
          if (error instanceof ConnectorError && error.code === 'AUTH_REVOKED') {
            await markTokensDead(tx, connection.id, deadGrantReason(error.details.issues?.[0]?.code));
            const row = (await getTargetTokens(tx, input.tenantId))?.tokens;
            return { kind: 'dead', state: row ? tokenStateOf(row, oauth.spec.refreshAtFraction) : { ...state, dead: { reason: 'grant-revoked', at: now() } } } as const;
          }
          if (error instanceof ConnectorError && error.code === 'RATE_LIMITED' && error.details.issues?.some((i) => i.code === 'too_early_to_refresh')) {
            return { kind: 'too-early', state: { ...state, refreshAt: now() + (error.details.retryAfterMs ?? 30_000) } } as const;
          }
          // The transaction rolls back and the lock goes; the keeper tries again later with the same refresh token.
          throw toApplicationFailure(error, 'target');
        }
        const issuedAt = new Date(requestedAt);
        const idle = connection.settings.oauth?.refreshTokenIdleLifetimeMs ?? oauth.spec.refreshTokenIdleLifetimeMs;
        // Sealed before the transaction commits: the new refresh token exists only here until it is stored.
        const saved = await saveRefreshedTokens(tx, {
          tenantId: input.tenantId, connectionId: connection.id, vendor: connection.vendor, baseUrl: connection.baseUrl, fromVersion: tokens.version,
          sealedAccessToken: await deps.vault.seal(input.tenantId, connection.id, issued.accessToken, ACCESS_SLOT),
          sealedRefreshToken: await deps.vault.seal(input.tenantId, connection.id, issued.refreshToken, REFRESH_SLOT),
          accessIssuedAt: issuedAt, accessExpiresAt: new Date(issuedAt.getTime() + issued.expiresInMs),
          refreshIssuedAt: issuedAt, refreshExpiresAt: new Date(issuedAt.getTime() + idle),
        });
        return {
          kind: 'refreshed',
          state: {
            version: saved.version, accessIssuedAt: saved.accessIssuedAt.getTime(), accessExpiresAt: saved.accessExpiresAt.getTime(),
            refreshAt: refreshAtOf(saved.accessIssuedAt.getTime(), saved.accessExpiresAt.getTime(), oauth.spec.refreshAtFraction),
            refreshIssuedAt: saved.refreshIssuedAt.getTime(), refreshExpiresAt: saved.refreshExpiresAt.getTime(), usedSinceIssue: false, rejected: false, dead: null,
          },
        } as const;
      });
    },

    /** The grant died: the connection shows it (and a reconnect resumes the sync). */
    async recordGrantDead(input: { tenantId: string }): Promise<void> {
      await markCredentialsRejected(deps.db, input.tenantId, 'target');
    },

    /** The keeper's alerts, delivered like every tenant alert (e-mail, Slack; once per grant or expiry date). */
    async raiseTenantAlert(input: KeeperAlertInput): Promise<boolean> {
      const found = await getTargetTokens(deps.db, input.tenantId);
      if (!found?.tokens) return false;
      const { connection, tokens } = found;
      const vendor = targetModule(connection.vendor)?.displayName ?? connection.vendor;
      const base = { tenantId: input.tenantId, connectionId: connection.id, vendor };
      if (input.kind === 'oauth-refresh-token-expiring') {
        await deps.sendAlert({ ...base, kind: 'token-expiring', expiresAt: input.params.expiresAt ?? tokens.refreshExpiresAt.toISOString() });
        return true;
      }
      if (input.kind === 'oauth-connection-dead') {
        await deps.sendAlert({ ...base, kind: 'connection-dead', grantVersion: tokens.version, reason: credentialPauseMessage(input.params.reason ?? tokens.deadReason) });
        return true;
      }
      return false;
    },
  };
}
