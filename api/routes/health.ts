import { createRoute, z } from '@hono/zod-openapi';
import { pingDb } from '../../db/health';
import type { ApiContext } from '../deps';
import { jsonResponse } from '../schemas';
import { createRouter } from '../router';

const HealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  postgres: z.enum(['up', 'down']),
  temporal: z.enum(['up', 'down']),
}).openapi('Health');

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['health'],
  responses: {
    200: jsonResponse(HealthSchema, 'Postgres and Temporal answer'),
    503: jsonResponse(HealthSchema, 'A dependency is down; the body names it'),
  },
});

/** Resolves true when `check` settles successfully within `ms`. */
async function answers(check: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([check().then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(ctx: ApiContext) {
  return createRouter().openapi(health, async (c) => {
    const [pg, temporal] = await Promise.all([
      answers(() => pingDb(ctx.db), ctx.timeouts.healthMs),
      answers(() => ctx.temporal.connection.workflowService.getSystemInfo({}), ctx.timeouts.healthMs),
    ]);
    const body = { postgres: pg ? 'up' : 'down', temporal: temporal ? 'up' : 'down' } as const;
    if (pg && temporal) return c.json({ status: 'ok' as const, ...body }, 200);
    return c.json({ status: 'degraded' as const, ...body }, 503);
  });
}
