import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { ConnectorError } from '../connectors/errors';
import { describeError } from '../domain/error-catalogue';
import type { ConnectorProvider } from './connector-provider';
import { errorCodeOf } from './failures';

export interface ConnectionTestInput {
  tenantId: string;
  role: 'source' | 'target';
}

/** What the dashboard shows; never a secret, never the vendor's raw response. */
export type ConnectionTestResult = { ok: true } | { ok: false; code: string; message: string };

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

function failed(error: unknown, role: 'source' | 'target'): ConnectionTestResult {
  if (error instanceof ConnectorError) {
    const code = errorCodeOf(error, role);
    return { ok: false, code, message: describeError(code).explanation };
  }
  // An OAuth target that is not connected (or whose grant died) says why in the failure's message.
  if (error instanceof ApplicationFailure && error.type === 'AUTH_REVOKED') return { ok: false, code: 'AUTH_REVOKED', message: error.message };
  if (error instanceof ApplicationFailure && error.type === 'CREDENTIALS_MISSING') {
    return { ok: false, code: 'CREDENTIALS_MISSING', message: `No ${role} credentials are stored (or they were deleted).` };
  }
  return { ok: false, code: 'UNEXPECTED', message: 'The connection could not be tested.' };
}

/** "Test connection": one cheap read call with the stored credentials; the outcome is the result, not a failure. */
export function createConnectionTestActivities(deps: { connectors: ConnectorProvider }) {
  return {
    async testConnection(input: ConnectionTestInput): Promise<ConnectionTestResult> {
      // The credentials may have just been replaced: never test a cached connector.
      deps.connectors.forget(input.tenantId);
      try {
        if (input.role === 'source') {
          const { connector } = await deps.connectors.source(input.tenantId, actor(), 'test connection');
          await connector.checkConnection();
        } else {
          const { connector } = await deps.connectors.target(input.tenantId, actor(), 'test connection', { setup: true });
          await connector.checkConnection();
        }
        return { ok: true };
      } catch (error) {
        return failed(error, input.role);
      } finally {
        deps.connectors.forget(input.tenantId);
      }
    },
  };
}
