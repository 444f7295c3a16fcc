import { listAccess } from '../../db/queries/access-register';
import { findDebtorsByEmail } from '../../db/queries/debtors';
import { eraseDebtorLogged } from '../../db/queries/deletion-log';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { listPendingDeletions } from '../../db/queries/retention-timers';
import { listSaleErrorsMentioningEmail } from '../../db/queries/sale-errors';
import type { SessionUser } from '../../db/queries/sessions';
import { isRetentionRuleId, RETENTION_RULES, retentionRule } from '../../domain/retention-policy';
import { shipDeletionLogSoon } from '../deletion-log';
import type { ApiContext } from '../deps';
import { errorJson } from '../error-view';

/** The privacy requests and registers; shared by the JSON routes and the privacy page. */

export async function loadDeletions(ctx: ApiContext, tenantId: string) {
  const rows = await listPendingDeletions(ctx.db, tenantId);
  return {
    deletions: rows.map((r) => {
      const rule = isRetentionRuleId(r.rule) ? retentionRule(r.rule) : null;
      return { rule: r.rule, subjectId: r.subjectId, workflowId: r.workflowId, dueAt: r.dueAt.toISOString(), data: rule?.data ?? null, then: rule?.then ?? null };
    }),
    rules: RETENTION_RULES.map((r) => ({ id: r.id, data: r.data, keptFor: r.keptFor, mechanism: r.mechanism, then: r.then })),
  };
}

/** GDPR access request: everything doorzet holds about one e-mail address. */
export async function exportDebtor(ctx: ApiContext, tenantId: string, email: string) {
  const [debtors, errors] = await Promise.all([
    findDebtorsByEmail(ctx.db, tenantId, email),
    listSaleErrorsMentioningEmail(ctx.db, tenantId, email),
  ]);
  return {
    email,
    debtors: debtors.map((d) => ({
      source: d.source, sourceCustomerId: d.sourceCustomerId, email: d.email, targetContactId: d.targetContactId, createdAt: d.createdAt.toISOString(),
    })),
    errorRecords: errors.map((e) => ({
      id: e.id, orderNumber: e.orderNumber, code: e.code, message: errorJson(e, true).message,
      personalData: e.pii ?? {}, occurredAt: e.occurredAt.toISOString(), redactAt: e.redactAt.toISOString(),
    })),
  };
}

/** GDPR erasure request: the debtor mapping goes, the error records mentioning the address are redacted now. */
export async function eraseDebtor(ctx: ApiContext, tenantId: string, email: string, user: SessionUser) {
  // One transaction with its deletion-log entry (ids only), replayed after a restore of an older backup.
  const { debtorsDeleted, errorRecordsRedacted, logEntryId } = await eraseDebtorLogged(ctx.db, tenantId, { emails: [email] });
  if (logEntryId) await shipDeletionLogSoon(ctx, logEntryId);
  // The log line says that an erasure happened, never whose.
  await appendPlatformLog(ctx.db, {
    tenantId, actor: `user:${user.id}`, action: 'debtor.erased',
    message: `erasure request: ${debtorsDeleted} debtor mapping(s) deleted, ${errorRecordsRedacted} error record(s) redacted`,
  });
  return { debtorsDeleted, errorRecordsRedacted };
}

export async function loadAccessRegister(ctx: ApiContext, tenantId: string) {
  const rows = await listAccess(ctx.db, tenantId);
  return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, action: r.action, reason: r.reason }));
}
