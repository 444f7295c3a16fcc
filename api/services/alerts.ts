import { randomUUID } from 'node:crypto';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { z } from 'zod';
import { getAlertSettings, insertDataBreach, listAlertsSent, saveAlertSettings } from '../../db/queries/alerts';
import { appendPlatformLog } from '../../db/queries/platform-log';
import type { SessionUser } from '../../db/queries/sessions';
import { tenantExists } from '../../db/queries/tenants';
import { checkBaseUrl } from '../../connectors/catalogue';
import type { breachNoticeWorkflow } from '../../workflows/breach-notice.workflow';
import type { ApiContext } from '../deps';
import { fieldError, forbidden } from '../errors';

/** Alert recipients and data-breach notices; shared by the JSON routes and the pages. The API sends no mail itself. */

export const slackWebhookUrl = z.string().max(500).refine((v) => checkBaseUrl(v).ok, 'An https:// URL (plain http only to loopback)');

export const AlertSettingsInput = z.object({
  emails: z.array(z.email().max(254)).max(20),
  /** Write-only. undefined: keep the stored one; null: remove it. */
  slackWebhookUrl: slackWebhookUrl.nullable().optional(),
});

export async function loadAlertView(ctx: ApiContext, tenantId: string) {
  const [settings, recent] = await Promise.all([getAlertSettings(ctx.db, tenantId), listAlertsSent(ctx.db, tenantId, 20)]);
  return {
    emails: settings?.emails ?? [],
    slackConfigured: Boolean(settings?.sealedSlackWebhook),
    recent: recent.map((r) => ({ kind: r.kind, subject: r.subject, at: r.createdAt.toISOString(), email: r.emailSentAt !== null, slack: r.slackSentAt !== null })),
  };
}

export async function updateAlertSettings(ctx: ApiContext, tenantId: string, input: z.infer<typeof AlertSettingsInput>, user: SessionUser) {
  const existing = await getAlertSettings(ctx.db, tenantId);
  const id = existing?.id ?? randomUUID();
  const sealedSlackWebhook = input.slackWebhookUrl === undefined ? undefined
    : input.slackWebhookUrl === null ? null : await ctx.vault.seal(tenantId, id, input.slackWebhookUrl);
  await saveAlertSettings(ctx.db, { tenantId, id, emails: [...new Set(input.emails.map((e) => e.trim().toLowerCase()))], sealedSlackWebhook });
  await appendPlatformLog(ctx.db, { tenantId, actor: `user:${user.id}`, action: 'alerts.saved', message: 'alert recipients changed' });
  return loadAlertView(ctx, tenantId);
}

export const BreachInput = z.object({
  description: z.string().trim().min(10).max(4000),
  foundAt: z.iso.datetime({ offset: true }).or(z.iso.datetime({ local: true })),
  tenantIds: z.array(z.uuid()).min(1).max(10_000),
});

/** Ops record a breach; a workflow notifies every affected tenant at once (e-mail, Slack). */
export async function recordBreach(ctx: ApiContext, input: z.infer<typeof BreachInput>, user: SessionUser) {
  if (user.role !== 'ops') throw forbidden('Only ops users record data breaches.');
  const tenantIds = [...new Set(input.tenantIds)];
  for (const id of tenantIds) if (!(await tenantExists(ctx.db, id))) throw fieldError('tenantIds', `Unknown tenant ${id}.`);
  const foundAt = new Date(input.foundAt);
  const breach = await insertDataBreach(ctx.db, { description: input.description, foundAt, recordedBy: `ops:${user.id}`, tenantIds });
  await ctx.temporal.workflow.start<typeof breachNoticeWorkflow>('breachNoticeWorkflow', {
    workflowId: `breach-notice:${breach.id}`,
    taskQueue: ctx.config.taskQueue,
    args: [{ breachId: breach.id, tenantIds, description: input.description, foundAt: foundAt.toISOString() }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  await appendPlatformLog(ctx.db, { tenantId: null, actor: `user:${user.id}`, action: 'breach.recorded', message: `data breach ${breach.id} recorded for ${tenantIds.length} tenant(s)` });
  return { id: breach.id, description: breach.description, foundAt: breach.foundAt.toISOString(), tenantIds, noticeWorkflowId: `breach-notice:${breach.id}` };
}
