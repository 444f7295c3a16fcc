import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { OrderPage } from '../connectors/ports';
import type { Db } from '../db/client';
import { knownSaleIds } from '../db/queries/known-sales';
import type { BackfillEstimate, BackfillOrder } from '../domain/backfill-contracts';
import type { ConnectorProvider, RateLimit } from './connector-provider';
import { translating } from './failures';

export interface BackfillActivityDeps {
  db: Db;
  connectors: ConnectorProvider;
  rateLimitOf: (vendor: string, override: RateLimit | undefined) => RateLimit | readonly RateLimit[];
}

/** A backfill carries its order ids in workflow payloads; larger ranges are split by the merchant. */
export const MAX_BACKFILL_ORDERS = 20_000;

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

export function createBackfillActivities(deps: BackfillActivityDeps) {
  const { db, connectors } = deps;
  return {
    /**
     * The orders placed in [from, to) that doorzet has no record of, and what booking them costs: the
     * listing is read once (orders changed since `from` include every order placed since), nothing is booked.
     */
    async scanBackfill(input: { tenantId: string; from: string; to: string }): Promise<{ orders: BackfillOrder[]; estimate: BackfillEstimate }> {
      const { connector, connection } = await connectors.source(input.tenantId, actor(), 'estimate a backfill');
      const from = Date.parse(input.from);
      const to = Date.parse(input.to);
      const inRange: (BackfillOrder & { bookable: boolean })[] = [];
      let page: string | null = null;
      do {
        const current: string | null = page;
        const result: OrderPage = await translating('source', () => connector.listChangedOrders(input.from, current));
        for (const ref of result.orders) {
          const placed = Date.parse(ref.createdAt ?? ref.modifiedAt);
          if (placed < from || placed >= to) continue;
          const refunds = ref.refunds?.map((r) => r.externalId) ?? [];
          inRange.push({ externalId: ref.externalId, bookable: ref.bookable !== false, ...(refunds.length > 0 ? { refunds } : {}) });
        }
        page = result.nextPageToken;
        Context.current().heartbeat(page);
        if (inRange.length > MAX_BACKFILL_ORDERS) {
          throw ApplicationFailure.create({
            type: 'BACKFILL_TOO_LARGE', nonRetryable: true,
            message: `More than ${MAX_BACKFILL_ORDERS} orders in the range; split it into smaller ranges.`,
          });
        }
      } while (page !== null);

      const bookable = inRange.filter((o) => o.bookable);
      const known = await knownSaleIds(db, input.tenantId, connection.vendor, bookable.map((o) => o.externalId));
      const orders = bookable.filter((o) => !known.has(o.externalId)).map(({ bookable: _b, ...o }) => o);
      const { connection: target } = await connectors.target(input.tenantId, actor(), 'estimate a backfill');
      const limits = deps.rateLimitOf(target.vendor, target.settings.rateLimit);
      const windows: readonly RateLimit[] = Array.isArray(limits) ? limits : [limits as RateLimit];
      const atLeast = orders.length; // every order is looked up in the ledger
      const atMost = orders.length * 4; // lookup, contact search and create, invoice
      // The first window's worth goes at once; each further window's worth waits for the window to pass (the slowest window binds).
      const secondsIn = (w: RateLimit, calls: number) => Math.max(0, Math.ceil(calls / w.limit) - 1) * (w.windowMs / 1000);
      const seconds = (calls: number) => Math.max(0, ...windows.map((w) => secondsIn(w, calls)));
      const rateLimit = windows.reduce((a, b) => (secondsIn(b, atMost) > secondsIn(a, atMost) ? b : a));
      return {
        orders,
        estimate: {
          orders: orders.length, alreadySynced: known.size, notBookable: inRange.length - bookable.length,
          targetCalls: { atLeast, atMost }, seconds: { atLeast: seconds(atLeast), atMost: seconds(atMost) }, rateLimit,
        },
      };
    },
  };
}
