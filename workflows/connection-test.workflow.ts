import { proxyActivities } from '@temporalio/workflow';
import type { ConnectionTestInput, ConnectionTestResult, createConnectionTestActivities } from '../activities/connection-test-activities';

type ConnectionTestActivities = ReturnType<typeof createConnectionTestActivities>;

// One attempt: the merchant waits for the answer, and a retry would hide what the vendor said.
const { testConnection } = proxyActivities<ConnectionTestActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
});

/** "Test connection" from the dashboard (`connection-test:<tenantId>:<nonce>`): one vendor call, its outcome as the result. */
export async function connectionTestWorkflow(input: ConnectionTestInput): Promise<ConnectionTestResult> {
  return testConnection(input);
}
