import { Context } from '@temporalio/activity';
import type { Vault } from '../crypto/vault';
import type { Db } from '../db/client';
import { claimAlert, getAlertSettings, sendAlertChannelOnce } from '../db/queries/alerts';
import { getTenant } from '../db/queries/tenants';
import { alertDedupKey, alertText, type AlertRequest } from '../domain/alerts';

/** Sends mail (nodemailer over SMTP in production; the worker builds it from SMTP_URL). */
export interface Mailer {
  send(message: { to: string[]; subject: string; text: string }): Promise<void>;
}

export interface AlertActivityDeps {
  db: Db;
  vault: Vault;
  mailer: Mailer | null;
  /** Where links in alerts point (the API's public URL). */
  dashboardUrl: string;
  fetch?: typeof fetch;
}

export type AlertOutcome = 'sent' | 'already-sent' | 'no-recipients';

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

export function createAlertActivities(deps: AlertActivityDeps) {
  const post = deps.fetch ?? fetch;
  return {
    /**
     * One alert to the tenant's recipients, once per dedup key (Postgres), each channel marked when it went
     * out, so a retry after a failure resends only what did not arrive. No debtor data: see domain/alerts.ts.
     */
    async sendTenantAlert(alert: AlertRequest): Promise<AlertOutcome> {
      const tenant = await getTenant(deps.db, alert.tenantId);
      if (!tenant) return 'no-recipients';
      const { subject, body } = alertText(alert, tenant.name, deps.dashboardUrl);
      const { row, isNew } = await claimAlert(deps.db, { tenantId: alert.tenantId, kind: alert.kind, dedupKey: alertDedupKey(alert), subject });
      const settings = await getAlertSettings(deps.db, alert.tenantId);
      const emails = settings?.emails ?? [];
      const wantsEmail = emails.length > 0 && deps.mailer !== null;
      const wantsSlack = Boolean(settings?.sealedSlackWebhook);
      if (!wantsEmail && !wantsSlack) return 'no-recipients';
      if ((!wantsEmail || row.emailSentAt) && (!wantsSlack || row.slackSentAt)) return isNew ? 'sent' : 'already-sent';

      const mailer = deps.mailer;
      if (wantsEmail && !row.emailSentAt && mailer) {
        await sendAlertChannelOnce(deps.db, row.id, 'email', () => mailer.send({ to: emails, subject, text: body }));
      }
      const sealed = settings?.sealedSlackWebhook;
      if (wantsSlack && !row.slackSentAt && settings && sealed) {
        await sendAlertChannelOnce(deps.db, row.id, 'slack', async () => {
          const url = await deps.vault.open(alert.tenantId, settings.id, sealed, { actor: actor(), purpose: 'send an alert to Slack' }) as string;
          const res = await post(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `*${subject}*\n${body}` }) });
          if (!res.ok) throw new Error(`Slack answered ${res.status}`);
        });
      }
      return isNew ? 'sent' : 'already-sent';
    },
  };
}
