// Synthetic workflows for bench/micro/run.ts: what one activity, local activity or search-attribute upsert costs.
import { proxyActivities, proxyLocalActivities, upsertSearchAttributes } from '@temporalio/workflow';

interface MicroActivities {
  noop(input: { tenantId: string; step: number }): Promise<{ ok: true; step: number }>;
}

const remote = proxyActivities<MicroActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<MicroActivities>({ startToCloseTimeout: '30 seconds' });

export async function microWorkflow(input: { tenantId: string; activities: number; localActivities: number; upserts: number }): Promise<number> {
  let steps = 0;
  for (let i = 0; i < input.upserts; i++) upsertSearchAttributes({ DoorzetSaleState: [`s${i}`] });
  for (let i = 0; i < input.localActivities; i++) steps += (await local.noop({ tenantId: input.tenantId, step: i })).step >= 0 ? 1 : 0;
  for (let i = 0; i < input.activities; i++) steps += (await remote.noop({ tenantId: input.tenantId, step: i })).step >= 0 ? 1 : 0;
  return steps;
}
