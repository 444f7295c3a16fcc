import { ScheduleOverlapPolicy } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformLog } from '../../db/schema';
import { addMonths } from '../../domain/retention-policy';
import { ensureRetentionSchedules, RETENTION_SCHEDULES } from '../../worker/schedules';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { eventually } from '../support/tenant';
import { startTestWorker, type TestWorker } from '../support/worker';

const noConnectors = {
  salesSource: () => { throw new Error('no sales source in schedule tests'); },
  accountingTarget: () => { throw new Error('no accounting target in schedule tests'); },
};

describe('daily retention schedules on the dev server', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ database, connectorFactory: noConnectors });
  });
  afterAll(async () => {
    for (const { scheduleId } of RETENTION_SCHEDULES) await worker?.client.schedule.getHandle(scheduleId).delete().catch(() => undefined);
    await worker?.stop();
    await database?.drop();
  });

  it('creates one daily schedule per purge job, overlap SKIP, and updates them when run again', async () => {
    const ids = await ensureRetentionSchedules(worker.client, { taskQueue: 'elsewhere' });
    expect(ids).toEqual(['retention-log-purge', 'retention-statutory-purge', 'retention-analytics-purge', 'retention-backup-prune', 'backup-daily']);
    expect(await ensureRetentionSchedules(worker.client, { taskQueue: worker.taskQueue })).toEqual(ids);

    for (const schedule of RETENTION_SCHEDULES) {
      const described = await worker.client.schedule.getHandle(schedule.scheduleId).describe();
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: schedule.workflowType, taskQueue: worker.taskQueue });
      expect(described.policies.overlap).toBe(ScheduleOverlapPolicy.SKIP);
      expect(described.spec.calendars).toEqual([expect.objectContaining({ hour: [{ start: 3, end: 3, step: 1 }] })]);
      expect(described.state.paused).toBe(false);
    }
  });

  it('runs the log purge when triggered', async () => {
    const now = new Date();
    await database.db.insert(platformLog).values([
      { actor: 'test', action: 'old', message: 'two months old', at: addMonths(now, -2) },
      { actor: 'test', action: 'fresh', message: 'today', at: now },
    ]);
    const handle = worker.client.schedule.getHandle('retention-log-purge');
    await handle.trigger();
    let workflowId = '';
    await eventually(async () => {
      const action = (await handle.describe()).info.recentActions[0]?.action;
      workflowId = action?.workflow.workflowId ?? '';
      return workflowId !== '';
    }, { what: 'the triggered log purge' });
    expect(await worker.client.workflow.getHandle(workflowId).result()).toEqual({ deleted: 1 });
    expect((await database.db.select({ action: platformLog.action }).from(platformLog)).map((r) => r.action)).toEqual(['fresh']);
  });
});
