import { createRoute, z } from '@hono/zod-openapi';
import { vendorDescriptor } from '../../connectors/catalogue';
import { getConnectionById } from '../../db/queries/connections';
import { isWebhookDeliverySeen, pruneWebhookDeliveries, recordWebhookDelivery } from '../../db/queries/webhook-deliveries';
import type { OrderChange } from '../../domain/sync-contracts';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { orderChangedSignal } from '../../workflows/definitions';
import type { tenantSyncWorkflow } from '../../workflows/tenant-sync.workflow';
import type { ApiContext } from '../deps';
import { ApiError } from '../errors';
import { createRouter } from '../router';
import { ErrorBodySchema, jsonResponse } from '../schemas';
import { tenantSearchAttributes } from '../temporal';
import { createWebhookVerifiers } from '../webhook-verifiers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const webhook = createRoute({
  method: 'post', path: '/webhooks/{vendor}/{connectionId}', tags: ['webhooks'],
  summary: "A shop's order or refund webhook, verified with the vendor's signature header (named by the source's descriptor)",
  request: { params: z.object({ vendor: z.string().max(40), connectionId: z.string().max(64) }) },
  responses: {
    200: jsonResponse(z.object({ ok: z.literal(true) }), "The shop's unsigned ping when a webhook is created"),
    202: jsonResponse(z.object({ accepted: z.boolean() }), 'Verified; the tenant sync was signalled (false: a topic doorzet does not act on)'),
    400: jsonResponse(ErrorBodySchema, 'Verified, but not a body of the documented shape'),
    401: jsonResponse(ErrorBodySchema, 'Unknown vendor or connection, or a bad signature (the same answer for all)'),
  },
});

// Unknown vendor or connection, no secret, bad signature: one answer, so a caller learns nothing about which.
const rejected = () => new ApiError(401, 'INVALID_SIGNATURE', 'The webhook signature is not valid.');

// Redeliveries of one delivery id are answered without signalling again (the sync dedups by order anyway).
// Postgres remembers them across restarts and replicas; this process also keeps its recent ones in memory.
const RECENT_DELIVERIES = 5_000;
// Old delivery ids are pruned every this many recorded deliveries.
const PRUNE_EVERY = 500;

export function webhookRoutes(ctx: ApiContext) {
  const verifiers = createWebhookVerifiers(ctx);
  const recentDeliveries = new Set<string>();
  let recorded = 0;
  const remember = (key: string) => {
    if (recentDeliveries.size >= RECENT_DELIVERIES) recentDeliveries.delete(recentDeliveries.values().next().value as string);
    recentDeliveries.add(key);
  };

  return createRouter().openapi(webhook, async (c) => {
    const { vendor } = c.req.valid('param');
    const connectionId = c.req.valid('param').connectionId.toLowerCase();
    const spec = vendorDescriptor('source', vendor)?.webhook;
    if (!spec) throw rejected();
    const raw = new Uint8Array(await c.req.arrayBuffer());
    const headers = c.req.raw.headers;
    if (spec.isUnsignedPing?.(raw, headers)) return c.json({ ok: true as const }, 200);
    if (!headers.get(spec.signatureHeader) || !UUID.test(connectionId)) throw rejected();

    const connection = await getConnectionById(ctx.db, connectionId);
    if (!connection || connection.role !== 'source' || connection.vendor !== vendor || !connection.sealedCredentials) throw rejected();
    if (!(await verifiers.verify(connection, spec, raw, headers))) throw rejected();

    const deliveryId = spec.deliveryId?.(headers)?.slice(0, 100) ?? null;
    const deliveryKey = deliveryId ? `${connection.id}:${deliveryId}` : null;
    if (deliveryKey && recentDeliveries.has(deliveryKey)) return c.json({ accepted: true }, 202);
    if (deliveryId && (await isWebhookDeliverySeen(ctx.db, connection.id, deliveryId))) {
      remember(`${connection.id}:${deliveryId}`);
      return c.json({ accepted: true }, 202);
    }

    const event = spec.parse(raw, headers);
    if (event.kind === 'invalid') throw new ApiError(400, 'VALIDATION', 'Invalid webhook body.', [{ path: 'body', message: event.message }]);
    if (event.kind === 'ignored' || event.kind === 'ping') return c.json({ accepted: false }, 202);
    // A refund changes its order: the sync reads the order's refunds when it handles the order.
    const change: OrderChange = event.kind === 'order'
      ? {
        externalId: event.externalId, ...(event.modifiedAt ? { modifiedAt: event.modifiedAt } : {}),
        ...(event.refunds ? { refunds: event.refunds } : {}), ...(event.bookable === false ? { bookable: false } : {}), ...(event.cancelled ? { cancelled: true } : {}),
      }
      : { externalId: event.orderExternalId, refunds: [event.refundExternalId], bookable: false };
    const tenantId = connection.tenantId;
    await ctx.temporal.workflow.signalWithStart<typeof tenantSyncWorkflow, [OrderChange]>('tenantSyncWorkflow', {
      workflowId: tenantSyncWorkflowId(tenantId),
      taskQueue: ctx.config.taskQueue,
      args: [{ tenantId, source: connection.vendor, pollIntervalSeconds: ctx.config.syncPollIntervalSeconds, concurrency: ctx.config.saleConcurrency }],
      signal: orderChangedSignal,
      signalArgs: [change],
      typedSearchAttributes: tenantSearchAttributes(tenantId),
    });
    if (deliveryId && deliveryKey) {
      // Recorded after the signal: a delivery whose signal failed is acted on when the vendor retries it.
      remember(deliveryKey);
      await recordWebhookDelivery(ctx.db, connection.id, deliveryId);
      recorded += 1;
      if (recorded % PRUNE_EVERY === 0) void pruneWebhookDeliveries(ctx.db).catch(() => undefined);
    }
    return c.json({ accepted: true }, 202);
  });
}
