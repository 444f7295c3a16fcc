import { Hono } from 'hono';
import { z } from 'zod';
import type { FaultSwitch } from '../../sim/fault-switch';
import type { Rng } from '../../sim/rng';
import { sleep } from '../../sim/serve';
import type { SimEnv } from '../../sim/serve';
import { SHOPIFY_API_VERSION } from './api-version';
import { prepare, run } from './sim-graphql';
import type { ShopifyErrorEntry, SimStore } from './sim-graphql';

export interface ShopifyFaults {
  /** Added before every answer. */
  latencyMs: number;
  /** Share of requests answered 502 with an HTML page (Shopify's edge). */
  serverErrorRate: number;
  /** Empty the bucket before the next request (a burst by another app of the same shop would). */
  drainBucket: boolean;
  /** The HTTP status of a THROTTLED answer: 200 (a GraphQL error) or 429. */
  throttleStatus: 200 | 429;
}

export const noShopifyFaults: ShopifyFaults = { latencyMs: 0, serverErrorRate: 0, drainBucket: false, throttleStatus: 200 };

export interface ShopifySimCounters {
  requests: number;
  /** By GraphQL operation name, e.g. `ChangedOrders`, `Order`. */
  byOperation: Record<string, number>;
  throttled: number;
  authFailures: number;
  invalidQueries: number;
  /** Points charged after refunds. */
  pointsCharged: number;
}

export interface ThrottleConfig {
  /** Bucket size. Shopify states the restore rate per plan (Standard 100 points/s); the bucket size here is an assumption. */
  maximumAvailable: number;
  restoreRate: number;
  /** The single-query limit (1,000 points). */
  maxQueryCost: number;
}

export interface ShopifySimContext {
  store: SimStore;
  accessToken: string;
  faults: FaultSwitch<ShopifyFaults>;
  rng: Rng;
  counters: ShopifySimCounters;
  throttle: ThrottleConfig;
  now: () => number;
}

const requestBody = z.object({ query: z.string(), variables: z.record(z.string(), z.unknown()).nullish(), operationName: z.string().nullish() });

/** The GraphQL Admin endpoint: token auth, query validation against the schema subset, calculated cost and the leaky bucket. */
export function createShopifySimApp(ctx: ShopifySimContext): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const { counters } = ctx;
  let available = ctx.throttle.maximumAvailable;
  let refilledAt = ctx.now();

  const refill = () => {
    const now = ctx.now();
    available = Math.min(ctx.throttle.maximumAvailable, available + (ctx.throttle.restoreRate * (now - refilledAt)) / 1000);
    refilledAt = now;
  };
  const status = () => ({
    maximumAvailable: ctx.throttle.maximumAvailable,
    currentlyAvailable: Math.floor(available),
    restoreRate: ctx.throttle.restoreRate,
  });

  app.post('/admin/api/:version/graphql.json', async (c) => {
    counters.requests += 1;
    const faults = ctx.faults.get();
    await sleep(faults.latencyMs);
    if (ctx.rng.chance(faults.serverErrorRate)) return c.html('<html><body><h1>502 Bad Gateway</h1></body></html>', 502);
    if (c.req.param('version') !== SHOPIFY_API_VERSION) return c.json({ errors: 'Not Found' }, 404);
    if (c.req.header('x-shopify-access-token') !== ctx.accessToken) {
      counters.authFailures += 1;
      return c.json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, 401);
    }
    const parsedBody = requestBody.safeParse(await c.req.json().catch(() => null));
    if (!parsedBody.success) return c.json({ errors: [{ message: 'No query string was present', extensions: { code: 'BAD_REQUEST' } }] }, 400);
    const variables = parsedBody.data.variables ?? {};
    const prepared = prepare(parsedBody.data.query, parsedBody.data.operationName ?? undefined, variables);
    if (!prepared.ok) {
      counters.invalidQueries += 1;
      return c.json({ errors: prepared.errors });
    }
    const operation = prepared.operation.name?.value ?? '(anonymous)';
    counters.byOperation[operation] = (counters.byOperation[operation] ?? 0) + 1;
    const requested = prepared.cost;
    if (requested > ctx.throttle.maxQueryCost) {
      return c.json({
        errors: [{
          message: `Query cost is ${requested}, which exceeds the single query max cost limit (${ctx.throttle.maxQueryCost}).`,
          extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: ctx.throttle.maxQueryCost },
        }],
      });
    }
    refill();
    if (faults.drainBucket) {
      available = 0;
      ctx.faults.set({ drainBucket: false });
    }
    if (requested > available) {
      counters.throttled += 1;
      // The documented body: a THROTTLED error, no data, the cost with a null actual cost.
      return c.json({
        errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
        extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: status() } },
      }, faults.throttleStatus);
    }
    available -= requested;
    const result = await run(ctx.store, prepared, variables);
    // The difference between requested and actual cost is refunded after the query ran.
    const actual = Math.min(requested, result.actualCost);
    available += requested - actual;
    counters.pointsCharged += actual;
    const errors: ShopifyErrorEntry[] | undefined = result.errors;
    return c.json({
      data: result.data,
      ...(errors && errors.length > 0 ? { errors } : {}),
      extensions: {
        cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: status() },
        ...(result.searchWarnings.length > 0 ? { search: [{ path: ['orders'], query: '', parsed: {}, warnings: result.searchWarnings }] } : {}),
      },
    });
  });

  app.notFound((c) => c.json({ errors: 'Not Found' }, 404));
  return app;
}
