import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';

export const COMPLETENESS_SCHEDULE_ID = 'completeness-check';

/** The daily completeness check (04:15 UTC, after the retention jobs): one schedule that fans out per tenant. */
export async function ensureCompletenessSchedule(client: Client, options: { taskQueue: string }): Promise<string> {
  const wanted = {
    spec: { calendars: [{ hour: 4, minute: 15 }], jitter: '5 minutes' },
    action: { type: 'startWorkflow' as const, workflowType: 'completenessSweepWorkflow', taskQueue: options.taskQueue, workflowId: COMPLETENESS_SCHEDULE_ID, args: [] },
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
  try {
    await client.schedule.create({ scheduleId: COMPLETENESS_SCHEDULE_ID, ...wanted });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
    await client.schedule.getHandle(COMPLETENESS_SCHEDULE_ID).update((previous) => ({ ...previous, ...wanted }));
  }
  return COMPLETENESS_SCHEDULE_ID;
}
