import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { temporal } = proto;
const T = temporal.api.enums.v1.EventType;
type History = Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/**
 * Temporal Cloud billable actions in one run's history, after https://docs.temporal.io/cloud/actions:
 * a workflow start (client, signal-with-start, child, continue-as-new), each activity attempt, the local
 * activities of one workflow task together, each timer (`condition` with a timeout included), each search
 * attribute upsert (not TemporalChangeVersion alone, which patched() writes), each signal. Queries are not in
 * a history, so they are not counted (the API no longer queries workflows). An estimate, like Cloud's own
 * per-history figure; heartbeats are not counted (no activity here heartbeats).
 */
export function actionsOf(events: readonly HistoryEvent[]): { actions: number; byKind: Record<string, number> } {
  const byKind: Record<string, number> = {};
  const add = (kind: string, n = 1) => void (byKind[kind] = (byKind[kind] ?? 0) + n);
  const localActivityTasks = new Set<string>();
  for (const e of events) {
    switch (e.eventType) {
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: add('workflow_started'); break;
      case T.EVENT_TYPE_ACTIVITY_TASK_STARTED: add('activity_attempts', e.activityTaskStartedEventAttributes?.attempt ?? 1); break;
      case T.EVENT_TYPE_TIMER_STARTED: add('timers'); break;
      case T.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED: add('signals'); break;
      case T.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: {
        const keys = Object.keys(e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ?? {});
        if (keys.some((k) => k !== 'TemporalChangeVersion')) add('search_attribute_upserts');
        break;
      }
      case T.EVENT_TYPE_MARKER_RECORDED: {
        const a = e.markerRecordedEventAttributes;
        if (a?.markerName === 'core_local_activity') localActivityTasks.add(String(a.workflowTaskCompletedEventId ?? e.eventId));
        break;
      }
      default: break;
    }
  }
  if (localActivityTasks.size > 0) add('local_activity_tasks', localActivityTasks.size);
  return { actions: Object.values(byKind).reduce((a, b) => a + b, 0), byKind };
}

/** Events and actions of every run of a workflow id (a tenant sync continues as new), summed. */
export async function allRunsProfile(client: Client, workflowId: string): Promise<{ runs: number; events: number; actions: number; byKind: Record<string, number> }> {
  const out = { runs: 0, events: 0, actions: 0, byKind: {} as Record<string, number> };
  for await (const run of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
    const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    const events = history.events ?? [];
    const counted = actionsOf(events);
    out.runs++;
    out.events += events.length;
    out.actions += counted.actions;
    for (const [k, n] of Object.entries(counted.byKind)) out.byKind[k] = (out.byKind[k] ?? 0) + n;
  }
  return out;
}
