import { defineSignal } from '@temporalio/workflow';

/** The tenant's contract end changed (renewed, moved or set): the credential timer reads it again. Carries nothing. */
export const contractChangedSignal = defineSignal<[]>('contractChanged');
