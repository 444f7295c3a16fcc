import { Context } from '@temporalio/activity';
import type { Db } from '../db/client';
import { saveJourneyStep, type JourneyStep } from '../db/queries/sale-journeys';

type Step = Omit<JourneyStep, 'workflowId' | 'runId'>;

/** The run this activity works for, when it runs inside a workflow (not in a unit test's bare call). */
function runOf(): { workflowId: string; runId: string } | null {
  try {
    const execution = Context.current().info.workflowExecution;
    return execution?.workflowId && execution.runId ? { workflowId: execution.workflowId, runId: execution.runId } : null;
  } catch {
    return null;
  }
}

/**
 * Keeps the sale's read model (sale_journeys) current from inside the activity that reaches the milestone,
 * so the API reads a sale's journey from Postgres without a workflow query and without an extra workflow step.
 */
export async function noteJourney(db: Db, step: Step): Promise<void> {
  const run = runOf();
  if (run) await saveJourneyStep(db, { ...step, ...run });
}

/** The attempt of the running activity (1 outside a workflow). */
export function attemptOf(): number {
  try {
    return Context.current().info.attempt;
  } catch {
    return 1;
  }
}

/**
 * Runs a vendor step; a retry (attempt > 1) and a failure are noted on the journey with the attempt, so the
 * merchant sees "attempt 4 of booking the invoice, last error TARGET_UNAVAILABLE" without asking Temporal.
 */
export async function trackedStep<T>(
  db: Db, key: { tenantId: string; source: string; externalId: string }, state: string, step: string, run: () => Promise<T>,
): Promise<T> {
  const attempt = attemptOf();
  if (attempt > 1) await noteJourney(db, { ...key, state, attempt, pendingStep: step });
  try {
    return await run();
  } catch (error) {
    const code = (error as { type?: unknown }).type;
    await noteJourney(db, { ...key, state, attempt, pendingStep: step, lastErrorCode: typeof code === 'string' ? code : 'UNEXPECTED' }).catch(() => undefined);
    throw error;
  }
}
