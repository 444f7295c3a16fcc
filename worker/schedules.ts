import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client, type ScheduleOptionsStartWorkflowAction, type ScheduleSpec } from '@temporalio/client';
import { BACKUP_PRUNE_SCHEDULE_ID, BACKUP_SCHEDULE_ID } from '../domain/backups';
import type { RetentionRuleId } from '../domain/retention-policy';
import type * as workflows from '../workflows';

type PurgeWorkflowType = 'logPurgeWorkflow' | 'statutoryPurgeWorkflow' | 'analyticsPurgeWorkflow' | 'backupPruneWorkflow' | 'databaseBackupWorkflow';

export interface RetentionSchedule {
  scheduleId: string;
  rule: RetentionRuleId;
  workflowType: PurgeWorkflowType & keyof typeof workflows;
  /** Minute past 03:00 UTC; the jobs are spread so they do not hit Postgres at once. */
  minute: number;
}

/** The daily purge jobs of the retention table (DESIGN.md), one schedule each, and the daily backup. */
export const RETENTION_SCHEDULES: readonly RetentionSchedule[] = [
  { scheduleId: 'retention-log-purge', rule: 'logPurge', workflowType: 'logPurgeWorkflow', minute: 0 },
  { scheduleId: 'retention-statutory-purge', rule: 'statutoryPurge', workflowType: 'statutoryPurgeWorkflow', minute: 10 },
  { scheduleId: 'retention-analytics-purge', rule: 'analyticsReportPurge', workflowType: 'analyticsPurgeWorkflow', minute: 20 },
  { scheduleId: BACKUP_PRUNE_SCHEDULE_ID, rule: 'backupPrune', workflowType: 'backupPruneWorkflow', minute: 30 },
  // After the purges, so the backup holds the purged state; the deletion log is shipped first.
  { scheduleId: BACKUP_SCHEDULE_ID, rule: 'backupPrune', workflowType: 'databaseBackupWorkflow', minute: 40 },
];

function definition(schedule: RetentionSchedule, taskQueue: string) {
  const spec: ScheduleSpec = { calendars: [{ hour: 3, minute: schedule.minute }], jitter: '5 minutes' };
  const action: ScheduleOptionsStartWorkflowAction<() => Promise<unknown>> = {
    type: 'startWorkflow', workflowType: schedule.workflowType, taskQueue, workflowId: schedule.scheduleId, args: [],
  };
  // A run still busy is not doubled (SKIP); after an outage one missed day is caught up, not a backlog.
  const policies = { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' };
  return { spec, action, policies };
}

/** Creates the daily retention schedules, or brings existing ones up to date (a paused schedule stays paused). */
export async function ensureRetentionSchedules(client: Client, options: { taskQueue: string }): Promise<string[]> {
  for (const schedule of RETENTION_SCHEDULES) {
    const wanted = definition(schedule, options.taskQueue);
    try {
      await client.schedule.create({ scheduleId: schedule.scheduleId, ...wanted });
    } catch (error) {
      if (!(error instanceof ScheduleAlreadyRunning)) throw error;
      await client.schedule.getHandle(schedule.scheduleId).update((previous) => ({ ...previous, ...wanted }));
    }
  }
  return RETENTION_SCHEDULES.map((s) => s.scheduleId);
}
