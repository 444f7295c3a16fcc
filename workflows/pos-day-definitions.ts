import { defineSignal } from '@temporalio/workflow';

/** A till sale of the day was collected (its amounts are in Postgres); the day books it at close. */
export const posSaleCollectedSignal = defineSignal<[]>('posSaleCollected');
