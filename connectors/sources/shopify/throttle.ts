import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * Shopify's cost-based throttle: a leaky bucket of query points per app and shop. Every answer carries
 * `extensions.cost` { requestedQueryCost, actualQueryCost, throttleStatus { maximumAvailable,
 * currentlyAvailable, restoreRate } }; a query that costs more than is available is refused with
 * THROTTLED. https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits
 */

export const costExtensionSchema = z.object({
  requestedQueryCost: z.number(),
  actualQueryCost: z.number().nullable(),
  throttleStatus: z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number().positive() }),
});
export type CostExtension = z.infer<typeof costExtensionSchema>;

export interface ThrottleBucket {
  /** Milliseconds to wait before a query of `cost` points fits the bucket (0: now). */
  waitMs(cost: number, nowMs: number): number;
  /** Records the bucket Shopify reported (and what the operation was charged up front). */
  observe(operation: string, cost: CostExtension, nowMs: number): void;
  /** The points an operation was charged up front last time, or a guess. */
  expectedCost(operation: string): number;
  /** The last reported state, for logs and tests. */
  status(): CostExtension['throttleStatus'] | null;
}

function createBucket(): ThrottleBucket {
  let last: { status: CostExtension['throttleStatus']; atMs: number } | null = null;
  const requested = new Map<string, number>();
  return {
    waitMs(cost, nowMs) {
      if (!last) return 0;
      const { maximumAvailable, currentlyAvailable, restoreRate } = last.status;
      const available = Math.min(maximumAvailable, currentlyAvailable + (restoreRate * (nowMs - last.atMs)) / 1000);
      const needed = Math.min(cost, maximumAvailable);
      return needed <= available ? 0 : Math.ceil(((needed - available) / restoreRate) * 1000);
    },
    observe(operation, cost, nowMs) {
      last = { status: cost.throttleStatus, atMs: nowMs };
      requested.set(operation, cost.requestedQueryCost);
    },
    expectedCost: (operation) => requested.get(operation) ?? 0,
    status: () => last?.status ?? null,
  };
}

// One bucket per shop and token, shared by every client this process builds for it (the worker
// rebuilds a tenant's connector every minute): the budget follows the shop, not the client object.
const buckets = new Map<string, ThrottleBucket>();
const MAX_BUCKETS = 10_000;

export function bucketFor(shopUrl: string, accessToken: string): ThrottleBucket {
  const key = `${new URL(shopUrl).origin}|${createHash('sha256').update(accessToken).digest('hex').slice(0, 16)}`;
  let bucket = buckets.get(key);
  if (!bucket) {
    if (buckets.size >= MAX_BUCKETS) buckets.delete(buckets.keys().next().value as string);
    bucket = createBucket();
    buckets.set(key, bucket);
  }
  return bucket;
}
