import { createRoute, z } from '@hono/zod-openapi';
import type { ApiContext } from '../deps';
import { notFound } from '../errors';
import { createRouter } from '../router';
import { loadSaleJourney } from '../services/sale-journey';
import { bearer, canonicalUuid, errorResponses, jsonResponse } from '../schemas';
import { SaleErrorSchema } from './errors';

const Params = z.object({
  tenantId: canonicalUuid(),
  orderNumber: z.string().regex(/^[A-Za-z0-9._~-]{1,200}$/, 'An order number of letters, digits, . _ ~ and -'),
});

const JourneySchema = z.object({
  orderNumber: z.string(),
  source: z.string(),
  externalId: z.string(),
  state: z.string().openapi({ description: 'fetching … posted, failed, or `unknown` when only old records remain' }),
  attempts: z.number().nullable().openapi({ description: 'Attempt of the activity running now, else of the last error record' }),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  targetDocumentId: z.string().nullable(),
  posted: z.object({
    state: z.string(), amountExclCents: z.number().nullable(), amountInclCents: z.number().nullable(), postedAt: z.string().nullable(),
  }).nullable(),
  workflow: z.object({
    workflowId: z.string(), runId: z.string(), status: z.string(), startedAt: z.string(), closedAt: z.string().nullable(),
    pendingActivity: z.string().nullable(), url: z.string(),
  }).nullable(),
  errors: z.array(SaleErrorSchema),
}).openapi('SaleJourney');

const journey = createRoute({
  method: 'get', path: '/tenants/{tenantId}/sales/{orderNumber}', tags: ['sync'], security: bearer,
  summary: "A sale's journey by order number: state, attempts, last error, target document id",
  request: { params: Params },
  responses: { 200: jsonResponse(JourneySchema, 'The journey'), ...errorResponses },
});

export function saleRoutes(ctx: ApiContext) {
  return createRouter().openapi(journey, async (c) => {
    const { tenantId, orderNumber } = c.req.valid('param');
    const found = await loadSaleJourney(ctx, tenantId, orderNumber, c.get('user').role === 'tenant');
    if (!found) throw notFound();
    return c.json(found, 200);
  });
}
