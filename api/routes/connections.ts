import { randomUUID } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import { WorkflowFailedError } from '@temporalio/client';
import type { ConnectionTestResult } from '../../activities/connection-test-activities';
import { getConnection, listConnections, upsertConnection, type ConnectionRow } from '../../db/queries/connections';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { checkBaseUrl, SOURCE_VENDORS, TARGET_VENDORS, vendorDescriptor, vendorsFor } from '../../connectors/catalogue';
import { connectionTestWorkflowId, tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { resumeSyncSignal } from '../../workflows/definitions';
import type { connectionTestWorkflow } from '../../workflows/connection-test.workflow';
import type { ApiContext } from '../deps';
import { takeConnectionTest } from '../login-throttle';
import { ApiError, fieldError, notFound } from '../errors';
import { createRouter } from '../router';
import { bearer, canonicalUuid, ErrorBodySchema, errorResponses, jsonBody, jsonResponse } from '../schemas';
import { isWorkflowNotFound, tenantSearchAttributes } from '../temporal';

const Params = z.object({ tenantId: canonicalUuid(), role: z.enum(['source', 'target']) });

const baseUrl = z.string().max(500).superRefine((value, ctx) => {
  const check = checkBaseUrl(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
}).openapi({ example: 'https://shop.example.nl' });

const SettingsSchema = z.object({
  rateLimit: z.object({ limit: z.number().int().min(1).max(100_000), windowMs: z.number().int().min(100).max(86_400_000) }).optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  webhooks: z.boolean().optional(),
}).openapi('ConnectionSettings');

// One shape per vendor of the catalogue: its credential schema, so a 400 names the vendor's own fields.
const vendorInputs = [...SOURCE_VENDORS, ...TARGET_VENDORS]
  .filter((d, i, all) => all.findIndex((o) => o.vendor === d.vendor) === i)
  .map((d) => z.object({ vendor: z.literal(d.vendor), baseUrl, credentials: d.credentialsSchema, settings: SettingsSchema.optional() }));
const ConnectionInputSchema = z.discriminatedUnion('vendor', vendorInputs as [typeof vendorInputs[number], ...typeof vendorInputs])
  .openapi('ConnectionInput', { description: 'Credentials are write-only: stored encrypted, never returned' });

const ConnectionSchema = z.object({
  id: z.uuid(),
  role: z.enum(['source', 'target']),
  vendor: z.string(),
  baseUrl: z.string(),
  settings: SettingsSchema,
  hasCredentials: z.boolean(),
  credentialsRejectedAt: z.string().nullable(),
  credentialsDeletedAt: z.string().nullable(),
  updatedAt: z.string(),
  webhookUrl: z.string().nullable().openapi({ description: "Delivery URL to configure in the shop's webhooks (sources with webhooks only)" }),
  webhookTopics: z.array(z.string()).openapi({ description: 'The webhook topics to subscribe to in the shop' }),
  auth: z.enum(['credentials', 'oauth2']).openapi({ description: 'oauth2: connect (again) through connectUrl; credentials: PUT them' }),
  connectUrl: z.string().nullable().openapi({ description: 'oauth2 vendors: the page link that starts connecting (GET, redirects to the vendor)' }),
  administration: z.object({ id: z.string(), name: z.string() }).nullable().openapi({ description: 'oauth2 targets: the administration chosen after connecting' }),
}).openapi('Connection');

const TestResultSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.string(), message: z.string() }),
]).openapi('ConnectionTestResult');

const put = createRoute({
  method: 'put', path: '/tenants/{tenantId}/connections/{role}', tags: ['connections'], security: bearer,
  summary: "Set the tenant's source or target; resumes a sync paused for rejected credentials",
  request: { params: Params, body: jsonBody(ConnectionInputSchema) },
  responses: { 200: jsonResponse(ConnectionSchema, 'The connection, without credentials'), ...errorResponses },
});

const list = createRoute({
  method: 'get', path: '/tenants/{tenantId}/connections', tags: ['connections'], security: bearer,
  request: { params: z.object({ tenantId: canonicalUuid() }) },
  responses: { 200: jsonResponse(z.object({ connections: z.array(ConnectionSchema) }), 'The connections, without credentials'), ...errorResponses },
});

const test = createRoute({
  method: 'post', path: '/tenants/{tenantId}/connections/{role}/test', tags: ['connections'], security: bearer,
  summary: 'Run the connection-test workflow (one read call to the vendor) and wait for its result',
  request: { params: Params },
  responses: {
    200: jsonResponse(TestResultSchema, 'What the vendor said'),
    ...errorResponses,
    429: jsonResponse(ErrorBodySchema, 'Too many connection tests for this tenant; see Retry-After'),
    504: jsonResponse(ErrorBodySchema, 'The test did not finish in time (is a worker running?)'),
  },
});

export function connectionJson(row: ConnectionRow, publicUrl: string) {
  return {
    id: row.id,
    role: row.role,
    vendor: row.vendor,
    baseUrl: row.baseUrl,
    settings: row.settings,
    hasCredentials: row.sealedCredentials !== null,
    credentialsRejectedAt: row.credentialsRejectedAt?.toISOString() ?? null,
    credentialsDeletedAt: row.credentialsDeletedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    webhookUrl: row.role === 'source' && vendorDescriptor('source', row.vendor)?.webhook
      ? `${publicUrl.replace(/\/+$/, '')}/webhooks/${row.vendor}/${row.id}` : null,
    webhookTopics: row.role === 'source' ? [...(vendorDescriptor('source', row.vendor)?.webhook?.topics ?? [])] : [],
    auth: vendorDescriptor(row.role, row.vendor)?.auth ?? 'credentials',
    connectUrl: vendorDescriptor(row.role, row.vendor)?.auth === 'oauth2' ? `/tenants/${row.tenantId}/connections/${row.role}/oauth/start` : null,
    administration: row.settings.administration ?? null,
  };
}

export function connectionRoutes(ctx: ApiContext) {
  /** Seals with the row's id as associated data; a racing first save may have won the insert, then seal again for its id. */
  async function save(tenantId: string, role: 'source' | 'target', input: z.infer<typeof ConnectionInputSchema>, existing: ConnectionRow | null) {
    let id = existing?.id ?? randomUUID();
    for (let attempt = 0; attempt < 2; attempt++) {
      const sealedCredentials = await ctx.vault.seal(tenantId, id, input.credentials);
      const baseUrl = input.baseUrl.replace(/\/+$/, '');
      // The administration chosen after an OAuth connect stays while the connection points at the same system.
      const administration = existing?.vendor === input.vendor && existing.baseUrl === baseUrl ? existing.settings.administration : undefined;
      const row = await upsertConnection(ctx.db, {
        id, tenantId, role, vendor: input.vendor, baseUrl, settings: { ...input.settings, ...(administration ? { administration } : {}) }, sealedCredentials,
      });
      if (row.id === id) return row;
      id = row.id;
    }
    throw new Error('connection id changed twice while saving');
  }

  return createRouter()
    .openapi(put, async (c) => {
      const { tenantId, role } = c.req.valid('param');
      const input = c.req.valid('json');
      if (!vendorsFor(role).includes(input.vendor)) throw fieldError('vendor', `${input.vendor} cannot be a ${role}.`);
      const existing = await getConnection(ctx.db, tenantId, role);
      const row = await save(tenantId, role, input, existing);
      await appendPlatformLog(ctx.db, {
        tenantId, actor: `user:${c.get('user').id}`, action: 'connection.saved', message: `${role} connection ${row.id} (${row.vendor}) saved`,
      });
      if (existing?.credentialsRejectedAt) {
        // The sync paused because the vendor refused the old credentials; new ones are the fix.
        try {
          await ctx.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).signal(resumeSyncSignal);
        } catch (error) {
          if (!isWorkflowNotFound(error)) throw error;
        }
      }
      return c.json(connectionJson(row, ctx.config.publicUrl), 200);
    })
    .openapi(list, async (c) => {
      const rows = await listConnections(ctx.db, c.req.valid('param').tenantId);
      return c.json({ connections: rows.map((r) => connectionJson(r, ctx.config.publicUrl)) }, 200);
    })
    .openapi(test, async (c) => {
      const { tenantId, role } = c.req.valid('param');
      if (!(await getConnection(ctx.db, tenantId, role))) throw notFound();
      await takeConnectionTest(ctx, tenantId);
      const handle = await ctx.temporal.workflow.start<typeof connectionTestWorkflow>('connectionTestWorkflow', {
        workflowId: connectionTestWorkflowId(tenantId, randomUUID()),
        taskQueue: ctx.config.taskQueue,
        args: [{ tenantId, role }],
        typedSearchAttributes: tenantSearchAttributes(tenantId),
        workflowExecutionTimeout: '2 minutes',
      });
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), ctx.timeouts.connectionTestMs);
      let result: ConnectionTestResult;
      try {
        result = await ctx.temporal.withAbortSignal(abort.signal, () => handle.result());
      } catch (error) {
        if (abort.signal.aborted) throw new ApiError(504, 'TIMEOUT', 'The connection test did not finish in time; is a worker running?');
        if (error instanceof WorkflowFailedError) result = { ok: false, code: 'UNEXPECTED', message: 'The connection could not be tested.' };
        else throw error;
      } finally {
        clearTimeout(timer);
      }
      return c.json(result, 200);
    });
}
