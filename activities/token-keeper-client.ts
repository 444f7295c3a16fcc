import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { TypedSearchAttributes, defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { TokenHandout } from '../domain/oauth-tokens';
import { SEARCH_ATTRIBUTE_TENANT_ID, tokenKeeperWorkflowId } from '../domain/workflow-ids';
import { freshTokenUpdate, tokensReplacedSignal } from '../workflows/token-keeper-definitions';
import type { tokenKeeperWorkflow } from '../workflows/token-keeper.workflow';

/** How activities and the API reach a tenant's token keeper (starting it when none runs). */
export interface TokenKeeperClient {
  /** Asks for an access token newer than `seenVersion`; answers metadata only (the token stays in Postgres). */
  freshToken(tenantId: string, seenVersion: number): Promise<TokenHandout>;
  /** A new grant was stored: the keeper reads it (and starts if it was not running). */
  tokensReplaced(tenantId: string): Promise<void>;
}

const tenantKey = defineSearchAttributeKey(SEARCH_ATTRIBUTE_TENANT_ID, SearchAttributeType.KEYWORD);
const FRESH_TOKEN_DEADLINE_MS = 25_000;

export function createTokenKeeperClient(client: Client, taskQueue: string): TokenKeeperClient {
  const startOptions = (tenantId: string) => ({
    workflowId: tokenKeeperWorkflowId(tenantId),
    taskQueue,
    args: [{ tenantId }] as Parameters<typeof tokenKeeperWorkflow>,
    typedSearchAttributes: new TypedSearchAttributes([{ key: tenantKey, value: tenantId }]),
  });
  return {
    async freshToken(tenantId, seenVersion) {
      // Well inside the activity's own timeout: a keeper that does not answer soon means "try again shortly".
      return client.withDeadline(Date.now() + FRESH_TOKEN_DEADLINE_MS, () => client.workflow.executeUpdateWithStart(freshTokenUpdate, {
        args: [{ seenVersion }],
        startWorkflowOperation: new WithStartWorkflowOperation<typeof tokenKeeperWorkflow>('tokenKeeperWorkflow', {
          ...startOptions(tenantId),
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      }));
    },
    async tokensReplaced(tenantId) {
      await client.workflow.signalWithStart<typeof tokenKeeperWorkflow>('tokenKeeperWorkflow', { ...startOptions(tenantId), signal: tokensReplacedSignal });
    },
  };
}
