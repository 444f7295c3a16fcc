import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { OrderChange, SaleProgress, TenantSyncStatus } from '../domain/sync-contracts';

/** Signals and queries of the sync workflows; the API and the worker share these definitions. */
export const orderChangedSignal = defineSignal<[OrderChange]>('orderChanged');
export const pauseSyncSignal = defineSignal<[{ reason: string; by: string }]>('pauseSync');
export const resumeSyncSignal = defineSignal<[]>('resumeSync');
export const syncNowSignal = defineSignal<[]>('syncNow');
export const syncStatusQuery = defineQuery<TenantSyncStatus>('syncStatus');
export const saleProgressQuery = defineQuery<SaleProgress>('saleProgress');
