import { createRoute, z } from '@hono/zod-openapi';
import { listAccess } from '../../db/queries/access-register';
import { findDebtorsByEmail } from '../../db/queries/debtors';
import { eraseDebtorLogged } from '../../db/queries/deletion-log';
import { pendingDeletionsPage } from '../../db/queries/pending-deletions-page';
import { appendPlatformLog } from '../../db/queries/platform-log';
import { listSaleErrorsByOrderNumber, listSaleErrorsMentioningEmail } from '../../db/queries/sale-errors';
import { isRetentionRuleId, RETENTION_RULES, retentionRule } from '../../domain/retention-policy';
import type { ApiContext } from '../deps';
import { decodeDeletionsCursor, DeletionsQuery, encodeDeletionsCursor, nextDeletionsLink } from '../deletions-page';
import { errorJson } from '../error-view';
import { shipDeletionLogSoon } from '../deletion-log';
import { createRouter } from '../router';
import { bearer, errorResponses, jsonResponse, TenantParams } from '../schemas';

const RuleSchema = z.object({
  id: z.string(), data: z.string(), keptFor: z.object({ months: z.number().optional(), days: z.number().optional() }),
  mechanism: z.string(), then: z.string(),
}).openapi('RetentionRule');

const DeletionSchema = z.object({
  rule: z.string(), subjectId: z.string(), workflowId: z.string(), dueAt: z.string(),
  data: z.string().nullable(), then: z.string().nullable(),
}).openapi('PendingDeletion');

// The e-mail as doorzet stored it: an invalid address (the reason an order failed) must be findable too.
const DebtorQuery = z.object({
  email: z.string().trim().min(1).max(320).optional().openapi({ description: 'The e-mail address as it was on the order (any text)' }),
  orderNumber: z.string().trim().min(1).max(200).optional().openapi({ description: 'Or the order number: finds the e-mail address the order held' }),
}).refine((q) => q.email !== undefined || q.orderNumber !== undefined, { message: 'Give an email or an orderNumber.', path: ['email'] });

const deletions = createRoute({
  method: 'get', path: '/tenants/{tenantId}/deletions', tags: ['privacy'], security: bearer,
  summary: "The tenant's upcoming deletions (pending retention timers), and the retention rules",
  description: 'Keyset pages, soonest first: follow `next` (or pass `nextCursor` as `cursor`) until it is null. Every pending deletion is on exactly one page.',
  request: { params: TenantParams, query: DeletionsQuery },
  responses: {
    200: jsonResponse(z.object({
      deletions: z.array(DeletionSchema), rules: z.array(RuleSchema),
      limit: z.number().int(),
      nextCursor: z.string().nullable().openapi({ description: 'Cursor of the next page; null on the last page' }),
      next: z.string().nullable().openapi({ description: 'Path of the next page (also in the `Link` header, rel="next"); null on the last page' }),
    }), 'One page, soonest first'),
    ...errorResponses,
  },
});

const exportDebtor = createRoute({
  method: 'get', path: '/tenants/{tenantId}/debtors/export', tags: ['privacy'], security: bearer,
  summary: 'GDPR access request: everything doorzet holds about one e-mail address',
  request: { params: TenantParams, query: DebtorQuery },
  responses: {
    200: jsonResponse(z.object({
      email: z.string().nullable(),
      emails: z.array(z.string()),
      debtors: z.array(z.object({ source: z.string(), sourceCustomerId: z.string().nullable(), email: z.string(), targetContactId: z.string(), createdAt: z.string() })),
      errorRecords: z.array(z.object({ id: z.uuid(), orderNumber: z.string(), code: z.string(), message: z.string(), personalData: z.record(z.string(), z.string()), occurredAt: z.string(), redactAt: z.string() })),
    }).openapi('DebtorExport'), 'The debtor mapping and the unredacted error records that mention the address'),
    ...errorResponses,
  },
});

const eraseDebtor = createRoute({
  method: 'delete', path: '/tenants/{tenantId}/debtors', tags: ['privacy'], security: bearer,
  summary: 'GDPR erasure request: delete the debtor mapping and redact the error records that mention the address',
  request: { params: TenantParams, query: DebtorQuery },
  responses: { 200: jsonResponse(z.object({ debtorsDeleted: z.number(), errorRecordsRedacted: z.number() }).openapi('DebtorErasure'), 'Done'), ...errorResponses },
});

const accessRegister = createRoute({
  method: 'get', path: '/tenants/{tenantId}/access-register', tags: ['privacy'], security: bearer,
  summary: "Every ops access to the tenant's data",
  request: { params: TenantParams },
  responses: {
    200: jsonResponse(z.object({ entries: z.array(z.object({ at: z.string(), actor: z.string(), action: z.string(), reason: z.string() })) }), 'Newest first'),
    ...errorResponses,
  },
});

/**
 * What doorzet holds about one debtor: found by the e-mail address as stored (valid or not), or by an
 * order number, whose error records name the address the order held.
 */
async function findDebtorData(ctx: ApiContext, tenantId: string, query: { email?: string; orderNumber?: string }) {
  const emails = new Set<string>();
  if (query.email !== undefined) emails.add(query.email);
  const ofOrder = query.orderNumber === undefined ? [] : (await listSaleErrorsByOrderNumber(ctx.db, tenantId, query.orderNumber)).filter((e) => e.pii !== null);
  for (const error of ofOrder) if (error.pii?.email) emails.add(error.pii.email);
  const debtors = [];
  const errors = new Map(ofOrder.map((e) => [e.id, e]));
  for (const email of emails) {
    debtors.push(...await findDebtorsByEmail(ctx.db, tenantId, email));
    for (const error of await listSaleErrorsMentioningEmail(ctx.db, tenantId, email)) errors.set(error.id, error);
  }
  return { emails: [...emails], debtors, errors: [...errors.values()] };
}

export function privacyRoutes(ctx: ApiContext) {
  return createRouter()
    .openapi(deletions, async (c) => {
      const tenantId = c.req.valid('param').tenantId;
      const { limit, cursor } = c.req.valid('query');
      // Per-error and per-credential timers, and the error records waiting for their day's timer, soonest first.
      const { rows, more } = await pendingDeletionsPage(ctx.db, tenantId, { after: cursor === undefined ? null : decodeDeletionsCursor(cursor), limit });
      const last = rows.at(-1);
      const nextCursor = more && last ? encodeDeletionsCursor(last) : null;
      const next = nextCursor ? nextDeletionsLink(tenantId, limit, nextCursor) : null;
      if (next) c.header('Link', `<${next}>; rel="next"`);
      return c.json({
        deletions: rows.map((r) => {
          const rule = isRetentionRuleId(r.rule) ? retentionRule(r.rule) : null;
          return { rule: r.rule, subjectId: r.subjectId, workflowId: r.workflowId, dueAt: r.dueAt.toISOString(), data: rule?.data ?? null, then: rule?.then ?? null };
        }),
        rules: RETENTION_RULES.map((r) => ({ id: r.id, data: r.data, keptFor: r.keptFor, mechanism: r.mechanism, then: r.then })),
        limit, nextCursor, next,
      }, 200);
    })
    .openapi(exportDebtor, async (c) => {
      const { tenantId } = c.req.valid('param');
      const { debtors, errors, emails } = await findDebtorData(ctx, tenantId, c.req.valid('query'));
      return c.json({
        email: c.req.valid('query').email ?? null,
        emails,
        debtors: debtors.map((d) => ({
          source: d.source, sourceCustomerId: d.sourceCustomerId, email: d.email, targetContactId: d.targetContactId, createdAt: d.createdAt.toISOString(),
        })),
        errorRecords: errors.map((e) => ({
          id: e.id, orderNumber: e.orderNumber, code: e.code, message: errorJson(e, true).message,
          personalData: e.pii ?? {}, occurredAt: e.occurredAt.toISOString(), redactAt: e.redactAt.toISOString(),
        })),
      }, 200);
    })
    .openapi(eraseDebtor, async (c) => {
      const { tenantId } = c.req.valid('param');
      const { emails, errors } = await findDebtorData(ctx, tenantId, c.req.valid('query'));
      // One transaction: delete, redact, and log the ids in the deletion log (replayed after a restore).
      const { debtorsDeleted, errorRecordsRedacted, logEntryId } = await eraseDebtorLogged(ctx.db, tenantId, { emails, errorIds: errors.map((e) => e.id) });
      if (logEntryId) await shipDeletionLogSoon(ctx, logEntryId);
      // The log line says that an erasure happened, never whose.
      await appendPlatformLog(ctx.db, {
        tenantId, actor: `user:${c.get('user').id}`, action: 'debtor.erased',
        message: `erasure request: ${debtorsDeleted} debtor mapping(s) deleted, ${errorRecordsRedacted} error record(s) redacted`,
      });
      return c.json({ debtorsDeleted, errorRecordsRedacted }, 200);
    })
    .openapi(accessRegister, async (c) => {
      const rows = await listAccess(ctx.db, c.req.valid('param').tenantId);
      return c.json({ entries: rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, action: r.action, reason: r.reason })) }, 200);
    });
}
