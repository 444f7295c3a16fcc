import {
  allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, log, patched, proxyActivities, proxyLocalActivities, setHandler,
  upsertSearchAttributes, workflowInfo,
} from '@temporalio/workflow';
import type { createTokenKeeperActivities, RefreshMode, RefreshOutcome } from '../activities/token-keeper-activities';
import { credentialPauseMessage } from '../domain/credential-pause';
import { keepAliveAt, warnAt, type TokenHandout, type TokenState } from '../domain/oauth-tokens';
import { SEARCH_ATTRIBUTE_TENANT_ID, tenantSyncWorkflowId } from '../domain/workflow-ids';
import { localDatabaseOptions } from './activity-options';
import { pauseSyncSignal } from './definitions';
import { freshTokenUpdate, tokenKeeperStatusQuery, tokensReplacedSignal } from './token-keeper-definitions';

type KeeperActivities = ReturnType<typeof createTokenKeeperActivities>;

// A few quick attempts per refresh; the keeper's own backoff (below) takes over after that.
const vendor = proxyActivities<KeeperActivities>({
  startToCloseTimeout: '45 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3, nonRetryableErrorTypes: ['OAUTH_APP_MISSING'] },
});
const database = proxyLocalActivities<KeeperActivities>(localDatabaseOptions);

export interface TokenKeeperInput {
  tenantId: string;
  /** Carried over continue-as-new. */
  carried?: { state: TokenState | null; warnedFor: number | null; aheadChecked: number | null };
  /** History length at which the keeper continues as new (default 2,000; tests lower it). */
  maxHistoryEvents?: number;
}

const MAX_HISTORY_EVENTS = 2_000;
/**
 * While the keeper waits for its handlers before continuing as new, updates answer at once ("try again
 * shortly") instead of waiting for a refresh: sales asking every few seconds would otherwise keep a handler
 * open forever, and the keeper would never continue as new nor refresh (a livelock seen with 50 sales).
 */
const DRAIN_ANSWERS_PATCH = 'token-keeper-drain-answers-updates';
/** How long an update waits for a refresh that can happen now, before it answers "try again". */
const UPDATE_WAIT_MS = 20_000;
const backoffMs = (failures: number) => Math.min(5 * 60_000, 1_000 * 2 ** Math.min(failures, 9));

/**
 * One per tenant (`token-keeper:<tenantId>`): the only place that refreshes the tenant's OAuth tokens.
 * Sales read the access token from Postgres; when it is about to expire they ask here (an update that
 * answers a version, never a token), so refreshes are serialised however many sales run on however many
 * workers, and a single-use refresh token is used exactly once. The keeper refreshes ahead of expiry while
 * the token is in use, renews an idle refresh token at two thirds of its lifetime, warns the merchant at
 * five sixths if it could not, and pauses the tenant's sync with the reason when the grant died.
 */
export async function tokenKeeperWorkflow(input: TokenKeeperInput): Promise<void> {
  const { tenantId } = input;
  const maxHistoryEvents = input.maxHistoryEvents ?? MAX_HISTORY_EVENTS;
  let state: TokenState | null = input.carried?.state ?? null;
  let warnedFor = input.carried?.warnedFor ?? null;
  // The version whose "refresh ahead?" question was answered (unused tokens are not refreshed ahead).
  let aheadChecked = input.carried?.aheadChecked ?? null;
  let replaced = input.carried === undefined;
  // Asked for by an update: a version newer than this one.
  let wantedAfter: number | null = null;
  let failures = 0;
  let nextAttemptAt = 0;
  let attempts = 0;
  let nextWakeAt: number | null = null;
  let gone = false;
  let draining = false;

  const handout = (): TokenHandout => ({
    version: state?.version ?? 0,
    usableUntil: state?.refreshAt ?? 0,
    dead: state === null ? 'not-connected' : state.dead?.reason ?? null,
    retryAfterMs: state && !state.dead ? Math.max(1_000, Math.max(state.refreshAt, nextAttemptAt) - Date.now()) : null,
  });

  setHandler(tokensReplacedSignal, () => void (replaced = true));
  setHandler(tokenKeeperStatusQuery, () => ({
    tenantId, state, nextWakeAt: nextWakeAt === null ? null : new Date(nextWakeAt).toISOString(), consecutiveFailures: failures, warnedFor,
  }));
  setHandler(freshTokenUpdate, async ({ seenVersion }) => {
    await condition(() => !replaced || gone);
    if (state === null || state.dead || state.version > seenVersion) return handout();
    if (draining) return handout();
    wantedAfter = Math.max(wantedAfter ?? seenVersion, seenVersion);
    // A refresh that cannot happen soon (the vendor's minimum interval) is not waited for here.
    if (Math.max(state.refreshAt, nextAttemptAt) > Date.now() + UPDATE_WAIT_MS) return handout();
    const before = attempts;
    await condition(() => state === null || state.dead !== null || state.version > seenVersion || attempts > before || gone || draining, UPDATE_WAIT_MS);
    return handout();
  });

  upsertSearchAttributes({ [SEARCH_ATTRIBUTE_TENANT_ID]: [tenantId] });

  async function onDead(reason: string): Promise<void> {
    await database.recordGrantDead({ tenantId });
    await database.raiseTenantAlert({
      tenantId, kind: 'oauth-connection-dead', severity: 'critical', dedupKey: `oauth-dead:${tenantId}:${state?.version ?? 0}`, params: { reason },
    });
    try {
      await getExternalWorkflowHandle(tenantSyncWorkflowId(tenantId)).signal(pauseSyncSignal, { reason: credentialPauseMessage(reason), by: 'credentials-rejected' });
    } catch {
      // No sync running for this tenant: nothing to pause; its first sale will pause it.
      log.info('no tenant sync to pause');
    }
  }

  async function refresh(mode: RefreshMode): Promise<void> {
    if (!state) return;
    let outcome: RefreshOutcome;
    try {
      outcome = await vendor.refreshTokens({ tenantId, expectedVersion: state.version, mode });
      failures = 0;
      nextAttemptAt = 0;
    } catch {
      failures += 1;
      nextAttemptAt = Date.now() + backoffMs(failures);
      return;
    } finally {
      attempts += 1;
    }
    if (outcome.kind === 'gone') {
      gone = true;
      return;
    }
    const wasDead = state.dead !== null;
    state = outcome.state;
    if (outcome.kind === 'unused') aheadChecked = state.version;
    if (outcome.kind === 'too-early') nextAttemptAt = state.refreshAt;
    if (wantedAfter !== null && state.version > wantedAfter) wantedAfter = null;
    if (outcome.kind === 'dead' && !wasDead && state.dead) await onDead(state.dead.reason);
  }

  for (;;) {
    const info = workflowInfo();
    if ((info.continueAsNewSuggested || info.historyLength > maxHistoryEvents) && !replaced) {
      // Older histories continued as new without answering waiting updates first.
      draining = patched(DRAIN_ANSWERS_PATCH);
      await condition(allHandlersFinished);
      await continueAsNew<typeof tokenKeeperWorkflow>({ tenantId, carried: { state, warnedFor, aheadChecked }, maxHistoryEvents: input.maxHistoryEvents });
    }
    if (replaced) {
      replaced = false;
      state = await database.loadTokenState({ tenantId });
      failures = 0;
      nextAttemptAt = 0;
      continue;
    }
    if (gone || state === null) {
      // Not (or no longer) an OAuth connection: nothing to keep. A new grant starts the keeper again (signal-with-start).
      nextWakeAt = null;
      await condition(allHandlersFinished);
      return;
    }
    if (state.dead) {
      nextWakeAt = null;
      await condition(() => replaced);
      continue;
    }
    const now = Date.now();
    const attemptAt = Math.max(state.refreshAt, nextAttemptAt);
    const demanded = (wantedAfter !== null && state.version <= wantedAfter) || state.rejected;
    const ahead = aheadChecked !== state.version;
    const renew = now >= keepAliveAt(state);
    if ((demanded || ahead || renew) && now >= attemptAt) {
      await refresh(demanded ? 'demand' : renew ? 'keep-alive' : 'ahead');
      continue;
    }
    if (now >= warnAt(state) && warnedFor !== state.refreshIssuedAt) {
      await database.raiseTenantAlert({
        tenantId, kind: 'oauth-refresh-token-expiring', severity: 'warning', dedupKey: `oauth-expiring:${tenantId}:${state.refreshIssuedAt}`,
        params: { expiresAt: new Date(state.refreshExpiresAt).toISOString() },
      });
      warnedFor = state.refreshIssuedAt;
      continue;
    }
    const wakes = [keepAliveAt(state), ...(warnedFor !== state.refreshIssuedAt ? [warnAt(state)] : []), ...(demanded || ahead ? [attemptAt] : [])];
    nextWakeAt = Math.max(now, Math.min(...wakes));
    const wanted = wantedAfter;
    await condition(() => replaced || wantedAfter !== wanted, Math.max(1, nextWakeAt - now));
  }
}
