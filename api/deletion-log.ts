import { deletionLogShipWorkflowId } from '../domain/backups';
import type { deletionLogShipWorkflow } from '../workflows/backups/backup.workflow';
import type { ApiContext } from './deps';

/**
 * Starts the workflow that copies a new deletion-log entry next to the backups. Best effort: the entry is
 * already committed with the deletion, and the daily backup ships whatever is left before it dumps.
 */
export async function shipDeletionLogSoon(ctx: ApiContext, entryId: string): Promise<void> {
  try {
    await ctx.temporal.workflow.start<typeof deletionLogShipWorkflow>('deletionLogShipWorkflow', {
      workflowId: deletionLogShipWorkflowId(entryId), taskQueue: ctx.config.taskQueue, args: [],
    });
  } catch (error) {
    ctx.logger.warn({ err: error, entryId }, 'deletion log not shipped yet; the next backup ships it');
  }
}
