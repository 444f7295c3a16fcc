import { Context } from '@temporalio/activity';
import type { OrderPage } from '../connectors/ports';
import type { Db } from '../db/client';
import { listCheckedTenants, saleRecordsOf, saveCompletenessReport } from '../db/queries/completeness';
import { appendPlatformLog } from '../db/queries/platform-log';
import { listSyncedRefunds } from '../db/queries/synced-refunds';
import type { CompletenessCounts } from '../db/schema';
import { creditNoteReference } from '../domain/refund';
import type { ConnectorProvider } from './connector-provider';
import { translating } from './failures';
import { refundErrorKey } from './refund-activities';
import { recordErrorWithRedactionDay } from './record-error-with-day';
import type { RedactionDayStarter } from './redaction-day-starter';
import { syncStartOf } from './sync-activities';

export interface CompletenessActivityDeps {
  db: Db;
  connectors: ConnectorProvider;
  /** Starts the redaction day timer of the error records written here (the worker always wires it). */
  startRedactionDay?: RedactionDayStarter;
}

export interface CompletenessResult {
  day: string;
  counts: CompletenessCounts;
  missingOrders: string[];
  missingRefunds: string[];
}

/** Orders and refunds this young may still be on their way (a webhook queued, a poll due): not a gap yet. */
const SETTLING_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

export function createCompletenessActivities(deps: CompletenessActivityDeps) {
  const { db, connectors } = deps;
  return {
    async listCompletenessTenants(): Promise<{ tenantId: string; source: string }[]> {
      return listCheckedTenants(db);
    },

    /**
     * Compares the shop's bookable orders and refunds of one day (UTC) with what doorzet posted, skipped
     * and failed. Every gap becomes an error record (ORDER_NOT_BOOKED, REFUND_NOT_CREDITED); the report
     * keeps counts and order numbers only.
     */
    async checkCompleteness(input: { tenantId: string; day: string; settleMs?: number }): Promise<CompletenessResult> {
      const { connector, connection } = await connectors.source(input.tenantId, actor(), 'check completeness');
      const source = connection.vendor;
      const dayStart = Date.parse(`${input.day}T00:00:00Z`);
      const dayEnd = dayStart + DAY_MS;
      const settledBefore = Date.now() - (input.settleMs ?? SETTLING_MS);
      const syncStart = Date.parse(await syncStartOf(db, input.tenantId, connection.createdAt));

      // Every order placed or refunded that day changed since the day began.
      const placed: { externalId: string; createdAt: number }[] = [];
      const withRefunds = new Map<string, string[]>();
      let page: string | null = null;
      do {
        const current: string | null = page;
        const result: OrderPage = await translating('source', () => connector.listChangedOrders(new Date(dayStart).toISOString(), current));
        for (const ref of result.orders) {
          const createdAt = Date.parse(ref.createdAt ?? ref.modifiedAt);
          if (ref.bookable !== false && createdAt >= dayStart && createdAt < dayEnd) placed.push({ externalId: ref.externalId, createdAt });
          if (ref.refunds?.length) withRefunds.set(ref.externalId, ref.refunds.map((r) => r.externalId));
        }
        page = result.nextPageToken;
        Context.current().heartbeat(page);
      } while (page !== null);

      const counts: CompletenessCounts = { shopOrders: placed.length, posted: 0, skipped: 0, failed: 0, missing: 0, shopRefunds: 0, credited: 0, refundsWaiting: 0, refundsMissing: 0 };
      const records = await saleRecordsOf(db, input.tenantId, source, [...new Set([...placed.map((o) => o.externalId), ...withRefunds.keys()])]);
      const saleOf = new Map(records.sales.map((s) => [s.externalId, s]));
      const missing: { externalId: string }[] = [];
      for (const order of placed) {
        const sale = saleOf.get(order.externalId);
        if (sale && sale.state !== 'claimed') counts.posted++;
        else if (records.failed.has(order.externalId)) counts.failed++;
        // Before the sync start (history, booked only by a backfill), or still on its way: not a gap.
        else if (order.createdAt < syncStart || sale || order.createdAt > settledBefore) counts.skipped++;
        else missing.push(order);
      }

      const missingRefunds: string[] = [];
      const credited = new Map((await listSyncedRefunds(db, input.tenantId, source, [...withRefunds.keys()])).map((r) => [`${r.orderExternalId}:${r.refundExternalId}`, r]));
      const ctx = Context.current().info.workflowExecution;
      for (const [orderId, refundIds] of withRefunds) {
        const unknown = refundIds.filter((id) => !credited.has(`${orderId}:${id}`));
        const sale = saleOf.get(orderId);
        // Only the refund dates of refunds without a credit note are read from the shop.
        const dated = unknown.length > 0 ? await translating('source', () => connector.listRefunds(orderId)) : [];
        for (const refundId of refundIds) {
          const row = credited.get(`${orderId}:${refundId}`);
          const createdAt = row ? row.createdAt.getTime() : Date.parse(dated.find((r) => r.externalId === refundId)?.createdAt ?? '');
          if (!(createdAt >= dayStart && createdAt < dayEnd)) continue;
          counts.shopRefunds++;
          if (row && row.state !== 'claimed') counts.credited++;
          else if (!sale || sale.state === 'claimed' || row || createdAt > settledBefore) counts.refundsWaiting++;
          else {
            counts.refundsMissing++;
            const orderNumber = sale.orderNumber ?? orderId;
            missingRefunds.push(creditNoteReference(orderNumber, refundId));
            await recordErrorWithRedactionDay(db, {
              tenantId: input.tenantId, source, externalId: refundErrorKey(orderId, refundId), orderNumber, code: 'REFUND_NOT_CREDITED',
              params: { day: input.day, refund: refundId }, pii: null, workflowId: ctx?.workflowId ?? '', runId: ctx?.runId ?? '',
            }, deps.startRedactionDay);
          }
        }
      }

      const missingOrders: string[] = [];
      for (const order of missing) {
        counts.missing++;
        // The listing carries ids; the number the merchant knows is read for the few orders missing.
        const orderNumber = await connector.getSale(order.externalId).then((s) => s.orderNumber, () => order.externalId);
        missingOrders.push(orderNumber);
        // The completeness workflow starts no timer: each record's redaction day is registered and started here.
        await recordErrorWithRedactionDay(db, {
          tenantId: input.tenantId, source, externalId: order.externalId, orderNumber, code: 'ORDER_NOT_BOOKED',
          params: { day: input.day }, pii: null, workflowId: ctx?.workflowId ?? '', runId: ctx?.runId ?? '',
        }, deps.startRedactionDay);
      }
      await saveCompletenessReport(db, { tenantId: input.tenantId, day: input.day, counts, missingOrders, missingRefunds });
      return { day: input.day, counts, missingOrders, missingRefunds };
    },

    /**
     * The alert hook: today a platform log line (kept a month, shown to ops). The dashboard's e-mail and
     * Slack alerts hang off this activity; counts only, no personal data.
     */
    async notifyTenant(input: { tenantId: string; kind: 'completeness-gap'; day: string; missingOrders: number; missingRefunds: number }): Promise<void> {
      await appendPlatformLog(db, {
        tenantId: input.tenantId, actor: actor(), action: `alert.${input.kind}`,
        message: `Completeness check of ${input.day}: ${input.missingOrders} order(s) and ${input.missingRefunds} refund(s) not in doorzet's records.`,
      });
    },
  };
}
