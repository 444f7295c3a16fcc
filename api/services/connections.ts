import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { WorkflowFailedError } from '@temporalio/client';
import type { ConnectionTestResult } from '../../activities/connection-test-activities';
import { getConnection, upsertConnection, type ConnectionRow } from '../../db/queries/connections';
import { appendPlatformLog } from '../../db/queries/platform-log';
import type { SessionUser } from '../../db/queries/sessions';
import { checkBaseUrl, SOURCE_VENDORS, TARGET_VENDORS, vendorDescriptor, vendorsFor } from '../../connectors/catalogue';
import { connectionTestWorkflowId, tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { resumeSyncSignal } from '../../workflows/definitions';
import type { connectionTestWorkflow } from '../../workflows/connection-test.workflow';
import type { ApiContext } from '../deps';
import { ApiError, fieldError, notFound } from '../errors';
import { isWorkflowNotFound, tenantSearchAttributes } from '../temporal';

/** Saving and testing a tenant's connections; shared by the JSON routes and the connections page. */

const baseUrl = z.string().max(500).superRefine((value, ctx) => {
  const check = checkBaseUrl(value);
  if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
}).openapi({ example: 'https://shop.example.nl' });

export const SettingsSchema = z.object({
  rateLimit: z.object({ limit: z.number().int().min(1).max(100_000), windowMs: z.number().int().min(100).max(86_400_000) }).optional(),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  webhooks: z.boolean().optional(),
}).openapi('ConnectionSettings');

// One shape per vendor of the catalogue: its credential schema, so a 400 names the vendor's own fields.
const vendorInputs = [...SOURCE_VENDORS, ...TARGET_VENDORS]
  .filter((d, i, all) => all.findIndex((o) => o.vendor === d.vendor) === i)
  .map((d) => z.object({ vendor: z.literal(d.vendor), baseUrl, credentials: d.credentialsSchema, settings: SettingsSchema.optional() }));
export const ConnectionInputSchema = z.discriminatedUnion('vendor', vendorInputs as [typeof vendorInputs[number], ...typeof vendorInputs])
  .openapi('ConnectionInput', { description: 'Credentials are write-only: stored encrypted, never returned' });

export type ConnectionInput = z.infer<typeof ConnectionInputSchema>;

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
  };
}

/** Seals with the row's id as associated data; a racing first save may have won the insert, then seal again for its id. */
async function save(ctx: ApiContext, tenantId: string, role: 'source' | 'target', input: ConnectionInput, existing: ConnectionRow | null) {
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

/** Stores the connection with its credentials sealed; a sync paused for rejected credentials resumes. */
export async function saveConnection(ctx: ApiContext, tenantId: string, role: 'source' | 'target', input: ConnectionInput, user: SessionUser): Promise<ConnectionRow> {
  if (!vendorsFor(role).includes(input.vendor)) throw fieldError('vendor', `${input.vendor} cannot be a ${role}.`);
  const existing = await getConnection(ctx.db, tenantId, role);
  const row = await save(ctx, tenantId, role, input, existing);
  await appendPlatformLog(ctx.db, {
    tenantId, actor: `user:${user.id}`, action: 'connection.saved', message: `${role} connection ${row.id} (${row.vendor}) saved`,
  });
  if (existing?.credentialsRejectedAt) {
    // The sync paused because the vendor refused the old credentials; new ones are the fix.
    try {
      await ctx.temporal.workflow.getHandle(tenantSyncWorkflowId(tenantId)).signal(resumeSyncSignal);
    } catch (error) {
      if (!isWorkflowNotFound(error)) throw error;
    }
  }
  return row;
}

/** Runs the connection-test workflow (one read call to the vendor, inside the worker) and waits for its answer. */
export async function testConnection(ctx: ApiContext, tenantId: string, role: 'source' | 'target'): Promise<ConnectionTestResult> {
  if (!(await getConnection(ctx.db, tenantId, role))) throw notFound();
  const handle = await ctx.temporal.workflow.start<typeof connectionTestWorkflow>('connectionTestWorkflow', {
    workflowId: connectionTestWorkflowId(tenantId, randomUUID()),
    taskQueue: ctx.config.taskQueue,
    args: [{ tenantId, role }],
    typedSearchAttributes: tenantSearchAttributes(tenantId),
    workflowExecutionTimeout: '2 minutes',
  });
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ctx.timeouts.connectionTestMs);
  try {
    return await ctx.temporal.withAbortSignal(abort.signal, () => handle.result());
  } catch (error) {
    if (abort.signal.aborted) throw new ApiError(504, 'TIMEOUT', 'The connection test did not finish in time; is a worker running?');
    if (error instanceof WorkflowFailedError) return { ok: false, code: 'UNEXPECTED', message: 'The connection could not be tested.' };
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
