import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { RefundProgress } from '../domain/refund-contracts';

/** Signals and queries of the refund workflow; the tenant sync, the API and the worker share them. */
export const refundProgressQuery = defineQuery<RefundProgress>('refundProgress');
/** The order of a waiting refund was booked: look again now instead of at the next timer. */
export const saleBookedSignal = defineSignal<[]>('saleBooked');
