import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { temporal } = proto;

/** Events of one workflow run by type (e.g. ACTIVITY_TASK_SCHEDULED: 6): what one sale costs the server. */
export async function historyProfile(client: Client, workflowId: string): Promise<{ events: number; workflowTasks: number; activities: number; byType: Record<string, number> }> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const byType: Record<string, number> = {};
  for (const event of history.events ?? []) {
    const name = temporal.api.enums.v1.EventType[event.eventType ?? 0]?.replace(/^EVENT_TYPE_/, '') ?? String(event.eventType);
    byType[name] = (byType[name] ?? 0) + 1;
  }
  return {
    events: history.events?.length ?? 0,
    workflowTasks: byType.WORKFLOW_TASK_COMPLETED ?? 0,
    activities: byType.ACTIVITY_TASK_SCHEDULED ?? 0,
    byType,
  };
}
