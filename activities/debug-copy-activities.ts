import { Context } from '@temporalio/activity';
import { ConnectorError } from '../connectors/errors';
import type { Db } from '../db/client';
import { countOpenErrors, destroyDebugCopy, fillDebugCopy, getDebugCopy } from '../db/queries/debug-copies';
import { listSaleErrors } from '../db/queries/sale-errors';
import { DEBUG_COPY_MAX_SALES, anonymiseSale } from '../domain/debug-copy';
import type { ConnectorProvider } from './connector-provider';

export interface DebugCopyActivityDeps {
  db: Db;
  connectors: ConnectorProvider;
}

const actor = () => `workflow:${Context.current().info.workflowExecution?.workflowId ?? Context.current().info.activityId}`;

/** Why the source could not give an order: a code and non-personal detail only. */
function problemOf(error: unknown): string {
  if (error instanceof ConnectorError) {
    const issues = (error.details.issues ?? []).map((i) => `${i.code} at ${i.path}`).join('; ');
    return issues ? `${error.code}: ${issues}` : error.code;
  }
  const type = (error as { type?: unknown }).type;
  return typeof type === 'string' ? type : 'UNREADABLE';
}

const BECAUSE = { resolved: 'its errors were resolved', expired: 'its 14 days ran out', ops: 'ops asked to destroy it' } as const;

/** Making, checking and destroying the temporary debug copies (retention rule debugCopyDestruction). */
export function createDebugCopyActivities(deps: DebugCopyActivityDeps) {
  const { db } = deps;
  return {
    /**
     * Copies the tenant's open failing sales as the source has them now, debtor anonymised, with their error
     * records (message without the debtor's values). Written to the tenant's access register.
     */
    async makeDebugCopy(input: { copyId: string }): Promise<{ sales: number; unreadable: number }> {
      const copy = await getDebugCopy(db, input.copyId);
      if (!copy || copy.state !== 'making') return { sales: copy?.sales ?? 0, unreadable: 0 };
      const errors = (await listSaleErrors(db, copy.tenantId, { status: 'open', limit: DEBUG_COPY_MAX_SALES })).reverse();
      let source: Awaited<ReturnType<ConnectorProvider['source']>>['connector'] | null = null;
      let sourceProblem: string | null = null;
      try {
        source = (await deps.connectors.source(copy.tenantId, actor(), 'debug copy of failing sales')).connector;
      } catch (error) {
        sourceProblem = problemOf(error);
      }
      const sales = [];
      let unreadable = 0;
      for (const [i, e] of errors.entries()) {
        let sale: unknown = null;
        let fetchProblem = sourceProblem;
        if (source) {
          try {
            sale = anonymiseSale(await source.getSale(e.externalId), i + 1);
          } catch (error) {
            fetchProblem = problemOf(error);
          }
        }
        if (sale === null) unreadable++;
        Context.current().heartbeat();
        sales.push({
          errorId: e.id, orderNumber: e.orderNumber, sale, fetchProblem,
          // The template with params only: every debtor-specific placeholder stays a placeholder.
          error: { code: e.code, cause: e.cause, message: e.template.replace(/\{(\w+)\}/g, (whole, name: string) => e.params[name] ?? whole), attempts: e.attempts, occurredAt: e.occurredAt.toISOString() },
        });
      }
      await fillDebugCopy(db, copy.id, sales, errors.map((e) => e.id), {
        tenantId: copy.tenantId, actor: copy.requestedBy, action: 'debug-copy.created',
        reason: `${copy.reason} (debug copy ${copy.id} of ${sales.length} failing sale(s), debtors anonymised; destroyed when the errors are resolved, by ${copy.expiresAt.toISOString()} at the latest)`,
      });
      return { sales: sales.length, unreadable };
    },

    /** Open error records left among the copied ones (0: all resolved, so the copy goes). */
    async countOpenDebugCopyErrors(input: { copyId: string }): Promise<{ open: number; exists: boolean }> {
      const copy = await getDebugCopy(db, input.copyId);
      if (!copy || copy.state === 'destroyed') return { open: 0, exists: false };
      return { open: await countOpenErrors(db, copy.errorIds), exists: true };
    },

    async destroyDebugCopy(input: { copyId: string; because: 'resolved' | 'expired' | 'ops' }): Promise<{ destroyed: boolean; sales: number }> {
      const copy = await getDebugCopy(db, input.copyId);
      if (!copy) return { destroyed: false, sales: 0 };
      return destroyDebugCopy(db, input.copyId, input.because, {
        tenantId: copy.tenantId, actor: actor(), action: 'debug-copy.destroyed', reason: `debug copy ${copy.id} destroyed: ${BECAUSE[input.because]}`,
      });
    },
  };
}

export type DebugCopyActivities = ReturnType<typeof createDebugCopyActivities>;
