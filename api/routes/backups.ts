import { createRoute, z } from '@hono/zod-openapi';
import { ScheduleNotFoundError } from '@temporalio/client';
import { listBackups } from '../../db/queries/backup-catalogue';
import { BACKUP_PRUNE_SCHEDULE_ID, BACKUP_SCHEDULE_ID } from '../../domain/backups';
import type { ApiContext } from '../deps';
import { ApiError } from '../errors';
import { requireOps, requireSession } from '../middleware/auth';
import { createRouter } from '../router';
import { bearer, ErrorBodySchema, errorResponses, jsonResponse } from '../schemas';
import { withDeadline } from '../temporal';

const BackupSchema = z.object({
  id: z.uuid(), takenAt: z.string(), sizeBytes: z.number(), location: z.string(), keyId: z.string().nullable(), durationMs: z.number().nullable(),
}).openapi('Backup');

const ScheduleSchema = z.object({
  scheduleId: z.string(), workflowType: z.string(), paused: z.boolean(),
  nextRunAt: z.string().nullable().describe('The next scheduled run'),
  lastRunAt: z.string().nullable(), lastWorkflowId: z.string().nullable(),
  url: z.string().describe('The schedule in the Temporal UI'),
}).openapi('BackupSchedule');

const list = createRoute({
  method: 'get', path: '/backups', tags: ['backups'], security: bearer,
  summary: 'Backups in the store (newest first) and the schedules that make and prune them (ops only)',
  responses: {
    200: jsonResponse(z.object({ backups: z.array(BackupSchema), schedules: z.array(ScheduleSchema.nullable()) }).openapi('Backups'), 'The catalogue, which follows the store'),
    ...errorResponses,
  },
});

const trigger = createRoute({
  method: 'post', path: '/backups', tags: ['backups'], security: bearer,
  summary: 'Take a backup now: triggers the daily backup schedule once (ops only)',
  responses: {
    202: jsonResponse(z.object({ scheduleId: z.string(), url: z.string() }), 'Triggered; the new backup appears in GET /backups when done'),
    ...errorResponses,
    503: jsonResponse(ErrorBodySchema, 'The schedule does not exist (no worker has started yet) or Temporal did not answer'),
  },
});

const scheduleUrl = (ctx: ApiContext, scheduleId: string) =>
  `${ctx.config.temporalUiUrl.replace(/\/+$/, '')}/namespaces/${ctx.config.namespace}/schedules/${scheduleId}`;

/** GET /backups and POST /backups: the backup catalogue and its schedules, for ops. */
export function backupRoutes(ctx: ApiContext) {
  async function describe(scheduleId: string): Promise<z.infer<typeof ScheduleSchema> | null> {
    try {
      const d = await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () => ctx.temporal.schedule.getHandle(scheduleId).describe());
      const last = d.info.recentActions.at(-1);
      return {
        scheduleId, workflowType: d.action.type === 'startWorkflow' ? d.action.workflowType : d.action.type, paused: d.state.paused,
        nextRunAt: d.info.nextActionTimes[0]?.toISOString() ?? null,
        lastRunAt: last?.takenAt.toISOString() ?? null, lastWorkflowId: last?.action.workflow.workflowId ?? null,
        url: scheduleUrl(ctx, scheduleId),
      };
    } catch (error) {
      if (error instanceof ScheduleNotFoundError) return null;
      throw error;
    }
  }

  const router = createRouter();
  router.use('/backups', requireSession(ctx), requireOps());
  return router
    .openapi(list, async (c) => {
      const [rows, ...schedules] = await Promise.all([listBackups(ctx.db), describe(BACKUP_SCHEDULE_ID), describe(BACKUP_PRUNE_SCHEDULE_ID)]);
      return c.json({
        backups: rows.map((b) => ({ id: b.id, takenAt: b.createdAt.toISOString(), sizeBytes: b.sizeBytes, location: b.location, keyId: b.keyId, durationMs: b.durationMs })),
        schedules,
      }, 200);
    })
    .openapi(trigger, async (c) => {
      try {
        await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs, () => ctx.temporal.schedule.getHandle(BACKUP_SCHEDULE_ID).trigger());
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) throw new ApiError(503, 'SCHEDULE_MISSING', 'The backup schedule does not exist yet: it is created when a worker starts.');
        throw error;
      }
      return c.json({ scheduleId: BACKUP_SCHEDULE_ID, url: scheduleUrl(ctx, BACKUP_SCHEDULE_ID) }, 202);
    });
}
