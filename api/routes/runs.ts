import { createRoute, z } from '@hono/zod-openapi';
import { SEARCH_ATTRIBUTE_TENANT_ID } from '../../domain/workflow-ids';
import type { ApiContext } from '../deps';
import { createRouter } from '../router';
import { bearer, errorResponses, jsonResponse, TenantParams } from '../schemas';
import { runUrl, withDeadline } from '../temporal';

const RUN_LIMIT = 50;

const RunInfoSchema = z.object({
  workflowId: z.string(),
  runId: z.string(),
  type: z.string(),
  status: z.string(),
  startedAt: z.string(),
  closedAt: z.string().nullable(),
  url: z.string().openapi({ description: "The run's history in the Temporal UI" }),
}).openapi('RunInfo');

const runs = createRoute({
  method: 'get', path: '/tenants/{tenantId}/runs', tags: ['sync'], security: bearer,
  summary: "The tenant's latest workflow runs (at most 50), with links into the Temporal UI",
  request: { params: TenantParams },
  responses: { 200: jsonResponse(z.object({ runs: z.array(RunInfoSchema) }), 'Newest first'), ...errorResponses },
});

export function runRoutes(ctx: ApiContext) {
  return createRouter().openapi(runs, async (c) => {
    const { tenantId } = c.req.valid('param');
    // tenantId is a validated UUID, so it cannot break out of the quoted literal.
    const query = `${SEARCH_ATTRIBUTE_TENANT_ID} = '${tenantId}'`;
    const found = await withDeadline(ctx.temporal, ctx.timeouts.temporalQueryMs * 2, async () => {
      const list: z.infer<typeof RunInfoSchema>[] = [];
      for await (const run of ctx.temporal.workflow.list({ query, pageSize: RUN_LIMIT })) {
        list.push({
          workflowId: run.workflowId,
          runId: run.runId,
          type: run.type,
          status: run.status.name,
          startedAt: run.startTime.toISOString(),
          closedAt: run.closeTime?.toISOString() ?? null,
          url: runUrl(ctx.config, run.workflowId, run.runId),
        });
        if (list.length >= RUN_LIMIT) break;
      }
      return list;
    });
    return c.json({ runs: found }, 200);
  });
}
