import { defineSignal } from '@temporalio/workflow';

/** Ops destroy a debug copy before its time. Carries nothing. */
export const destroyDebugCopySignal = defineSignal<[]>('destroyDebugCopy');
