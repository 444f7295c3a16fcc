import { proxyActivities } from '@temporalio/workflow';
import type { createPreviewActivities, PreviewInput } from '../activities/preview-activities';
import type { PreviewResult } from '../domain/preview';

type PreviewActivities = ReturnType<typeof createPreviewActivities>;

// One attempt: the merchant waits for the answer, and a retry would hide what the shop said.
const { previewOrder } = proxyActivities<PreviewActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 1 },
});

/** "Preview an order" (`preview:<tenantId>:<nonce>`): read one order and describe its booking, without booking it. */
export async function previewWorkflow(input: PreviewInput): Promise<PreviewResult> {
  return previewOrder(input);
}
