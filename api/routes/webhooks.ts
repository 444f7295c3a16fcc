import { createRoute, z } from '@hono/zod-openapi';
import { getConnectionById } from '../../db/queries/connections';
import type { OrderChange } from '../../domain/sync-contracts';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { orderChangedSignal } from '../../workflows/definitions';
import type { tenantSyncWorkflow } from '../../workflows/tenant-sync.workflow';
import type { ApiContext } from '../deps';
import { ApiError } from '../errors';
import { createRouter } from '../router';
import { ErrorBodySchema, jsonResponse } from '../schemas';
import { tenantSearchAttributes } from '../temporal';
import { hmacVerify } from '../webhook-verify';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const webhook = createRoute({
  method: 'post', path: '/webhooks/woocommerce/{connectionId}', tags: ['webhooks'],
  summary: 'WooCommerce order webhook; verified with the HMAC-SHA256 signature in X-WC-Webhook-Signature',
  request: { params: z.object({ connectionId: z.string() }) },
  responses: {
    200: jsonResponse(z.object({ ok: z.literal(true) }), "WooCommerce's ping on webhook creation"),
    202: jsonResponse(z.object({ accepted: z.boolean() }), 'Verified; the tenant sync was signalled'),
    400: jsonResponse(ErrorBodySchema, 'Verified, but not an order body'),
    401: jsonResponse(ErrorBodySchema, 'Unknown connection or bad signature (the same answer for both)'),
  },
});

// Unknown connection, no secret, bad signature: one answer, so a caller learns nothing about which.
const rejected = () => new ApiError(401, 'INVALID_SIGNATURE', 'The webhook signature is not valid.');

const OrderBody = z.object({ id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)]), date_modified_gmt: z.string().nullish() });

export function webhookRoutes(ctx: ApiContext) {
  return createRouter().openapi(webhook, async (c) => {
    const connectionId = c.req.param('connectionId');
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const signature = c.req.header('x-wc-webhook-signature');
    const text = new TextDecoder().decode(raw);
    // WooCommerce pings the delivery URL unsigned when a webhook is created, and needs a 2xx to save it.
    if (!signature && /^webhook_id=\d+$/.test(text.trim())) return c.json({ ok: true as const }, 200);
    if (!signature || !UUID.test(connectionId)) throw rejected();

    const connection = await getConnectionById(ctx.db, connectionId);
    if (!connection || connection.role !== 'source' || connection.vendor !== 'woocommerce' || !connection.sealedCredentials) throw rejected();
    if (!(await hmacVerify(ctx, connection, raw, signature))) throw rejected();

    if (c.req.header('x-wc-webhook-resource') && c.req.header('x-wc-webhook-resource') !== 'order') return c.json({ accepted: false }, 202);
    let parsed: z.infer<typeof OrderBody>;
    try {
      parsed = OrderBody.parse(JSON.parse(text));
    } catch {
      throw new ApiError(400, 'VALIDATION', 'Invalid request: id.', [{ path: 'id', message: 'An order webhook body has a numeric id.' }]);
    }
    const change: OrderChange = {
      externalId: String(parsed.id),
      // WooCommerce's *_gmt fields are UTC without a zone designator.
      modifiedAt: parsed.date_modified_gmt ? `${parsed.date_modified_gmt}Z` : undefined,
    };
    const tenantId = connection.tenantId;
    await ctx.temporal.workflow.signalWithStart<typeof tenantSyncWorkflow, [OrderChange]>('tenantSyncWorkflow', {
      workflowId: tenantSyncWorkflowId(tenantId),
      taskQueue: ctx.config.taskQueue,
      args: [{ tenantId, source: 'woocommerce', pollIntervalSeconds: ctx.config.syncPollIntervalSeconds, concurrency: ctx.config.saleConcurrency }],
      signal: orderChangedSignal,
      signalArgs: [change],
      typedSearchAttributes: tenantSearchAttributes(tenantId),
    });
    return c.json({ accepted: true }, 202);
  });
}
