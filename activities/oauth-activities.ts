import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { ConnectorError } from '../connectors/errors';
import type { Administration } from '../connectors/ports';
import { targetModule } from '../connectors/registry';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { setTargetAdministration } from '../db/queries/connection-administration';
import { getConnection, upsertConnection } from '../db/queries/connections';
import { saveGrantedTokens } from '../db/queries/oauth-tokens';
import { describeError } from '../domain/error-catalogue';
import type { ConnectorProvider } from './connector-provider';
import { errorCodeOf } from './failures';
import { ACCESS_SLOT, REFRESH_SLOT } from './oauth-token-access';
import type { OAuthApps } from './token-keeper-activities';

export interface OAuthConnectInput {
  tenantId: string;
  vendor: string;
  baseUrl: string;
  /** The authorization code (single use, minutes): lives only in this workflow's encrypted history. */
  code: string;
}

export type OAuthStepFailure = { ok: false; code: string; message: string };

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

function failed(error: unknown): OAuthStepFailure {
  if (error instanceof ConnectorError) {
    const code = errorCodeOf(error, 'target');
    return { ok: false, code, message: describeError(code).explanation };
  }
  throw error;
}

/** Connecting an OAuth target: the code exchange and the administrations the new grant can book into. */
export function createOAuthActivities(deps: { db: Db; vault: Vault; connectors: ConnectorProvider; oauth: OAuthApps | null; now?: () => number }) {
  const now = deps.now ?? Date.now;
  return {
    /** Exchanges the code at the vendor and stores the connection and its tokens, sealed. One attempt: codes are single use. */
    async exchangeAuthorizationCode(input: OAuthConnectInput): Promise<{ ok: true } | OAuthStepFailure> {
      const module = targetModule(input.vendor);
      if (module?.auth !== 'oauth2' || !module.oauth || !module.createOAuthClient) return { ok: false, code: 'NOT_OAUTH', message: `${input.vendor} does not connect through OAuth.` };
      const app = deps.oauth?.clients[input.vendor];
      if (!app || !deps.oauth) return { ok: false, code: 'OAUTH_APP_MISSING', message: 'doorzet has no OAuth registration for this accounting system; ask support.' };
      const client = module.createOAuthClient({ baseUrl: input.baseUrl, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: deps.oauth.redirectUri });
      const requestedAt = now();
      let issued;
      try {
        issued = await client.exchangeCode(input.code);
      } catch (error) {
        return failed(error);
      }
      const existing = await getConnection(deps.db, input.tenantId, 'target');
      // The same system again keeps its settings (the chosen administration); another one starts afresh.
      const settings = existing && existing.vendor === input.vendor && existing.baseUrl === input.baseUrl ? existing.settings : {};
      let id = existing?.id ?? randomUUID();
      for (let attempt = 0; ; attempt += 1) {
        const row = await upsertConnection(deps.db, {
          id, tenantId: input.tenantId, role: 'target', vendor: input.vendor, baseUrl: input.baseUrl, settings,
          sealedCredentials: await deps.vault.seal(input.tenantId, id, {}),
        });
        if (row.id === id) break;
        if (attempt > 0) throw new Error('connection id changed twice while saving');
        id = row.id;
      }
      const issuedAt = new Date(requestedAt);
      const idle = settings.oauth?.refreshTokenIdleLifetimeMs ?? module.oauth.refreshTokenIdleLifetimeMs;
      await saveGrantedTokens(deps.db, {
        tenantId: input.tenantId, connectionId: id, vendor: input.vendor, baseUrl: input.baseUrl,
        sealedAccessToken: await deps.vault.seal(input.tenantId, id, issued.accessToken, ACCESS_SLOT),
        sealedRefreshToken: await deps.vault.seal(input.tenantId, id, issued.refreshToken, REFRESH_SLOT),
        accessIssuedAt: issuedAt, accessExpiresAt: new Date(issuedAt.getTime() + issued.expiresInMs),
        refreshIssuedAt: issuedAt, refreshExpiresAt: new Date(issuedAt.getTime() + idle),
      });
      deps.connectors.forget(input.tenantId);
      return { ok: true };
    },

    /** The administrations the tenant's grant can book into (one vendor call with the current access token). */
    async listAdministrations(input: { tenantId: string }): Promise<{ ok: true; administrations: Administration[]; chosen: string | null } | OAuthStepFailure> {
      try {
        const { connector, connection } = await deps.connectors.target(input.tenantId, actor(), 'list administrations', { setup: true });
        const administrations = connector.listAdministrations ? await connector.listAdministrations() : [];
        return { ok: true, administrations, chosen: connection.settings.administration?.id ?? null };
      } catch (error) {
        return failed(error);
      }
    },

    async chooseAdministration(input: { tenantId: string; administration: { id: string; name: string } }): Promise<void> {
      await setTargetAdministration(deps.db, input.tenantId, input.administration);
      deps.connectors.forget(input.tenantId);
    },
  };
}
