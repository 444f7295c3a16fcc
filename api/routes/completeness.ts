import { createRoute, z } from '@hono/zod-openapi';
import { listCompletenessReports } from '../../db/queries/completeness';
import type { ApiContext } from '../deps';
import { createRouter } from '../router';
import { bearer, errorResponses, jsonResponse, TenantParams } from '../schemas';

const ReportSchema = z.object({
  day: z.string(),
  counts: z.object({
    shopOrders: z.number(), posted: z.number(), skipped: z.number(), failed: z.number(), missing: z.number(),
    shopRefunds: z.number(), credited: z.number(), refundsWaiting: z.number(), refundsMissing: z.number(),
  }),
  missingOrders: z.array(z.string()).openapi({ description: 'Order numbers only' }),
  missingRefunds: z.array(z.string()).openapi({ description: 'Credit note references (`<order number>-R<refund id>`)' }),
  checkedAt: z.string(),
}).openapi('CompletenessReport');

const list = createRoute({
  method: 'get', path: '/tenants/{tenantId}/completeness', tags: ['sync'], security: bearer,
  summary: 'The daily completeness checks (shop against posted, skipped and failed), newest first',
  request: { params: TenantParams },
  responses: { 200: jsonResponse(z.object({ reports: z.array(ReportSchema) }), 'The last 30 days checked'), ...errorResponses },
});

export function reportJson(r: Awaited<ReturnType<typeof listCompletenessReports>>[number]) {
  return { day: r.day, counts: r.counts, missingOrders: r.missingOrders, missingRefunds: r.missingRefunds, checkedAt: r.checkedAt.toISOString() };
}

export function completenessRoutes(ctx: ApiContext) {
  return createRouter().openapi(list, async (c) => {
    const rows = await listCompletenessReports(ctx.db, c.req.valid('param').tenantId);
    return c.json({ reports: rows.map(reportJson) }, 200);
  });
}
