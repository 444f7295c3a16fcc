import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { BackfillProgress } from '../domain/backfill-contracts';

/** Signals and queries of the backfill workflow; the API and the worker share them. */
export const backfillProgressQuery = defineQuery<BackfillProgress>('backfillProgress');
export const pauseBackfillSignal = defineSignal<[]>('pauseBackfill');
export const resumeBackfillSignal = defineSignal<[]>('resumeBackfill');
/** Stops starting orders; those under way finish, then the workflow ends as cancelled. */
export const cancelBackfillSignal = defineSignal<[]>('cancelBackfill');
