import { Context } from '@temporalio/activity';
import type { SourceVendor } from '../domain/sale';
import { sameAmounts } from '../domain/sale-fingerprint';
import type { OrderPage } from '../connectors/ports';
import { sourceModule } from '../connectors/registry';
import type { OrderChange, TenantSyncStatus } from '../domain/sync-contracts';
import type { Db } from '../db/client';
import { markCredentialsRejected } from '../db/queries/connections';
import { loadCursor, saveCursor } from '../db/queries/sync-cursors';
import { saveSyncStatus } from '../db/queries/sync-status';
import { getSyncedSale, markChangedAfterPosting } from '../db/queries/synced-sales';
import type { ConnectorProvider } from './connector-provider';
import { translating } from './failures';
import { recordSaleError } from './record-sale-error';

export interface SyncActivityDeps {
  db: Db;
  connectors: ConnectorProvider;
  /** Where a tenant without a cursor starts reading (its contract start, or the epoch). */
  initialCursor?: (tenantId: string) => Promise<string>;
}

/** Orders read per poll activity; the workflow polls again at once while there are more. */
const MAX_ORDERS_PER_POLL = 1_000;
/** How far a source's clock may run ahead of ours before its timestamps are not believed. */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** `iso` as epoch ms when it is a real timestamp no later than now plus the skew; else null. */
function believable(iso: string | null | undefined, now: number): number | null {
  if (typeof iso !== 'string' || iso.length > 64) return null;
  const at = Date.parse(iso);
  return Number.isFinite(at) && at <= now + MAX_CLOCK_SKEW_MS ? at : null;
}

/** A change's timestamp as the source gave it (webhooks quote the same text), or a short stand-in that still tells two versions apart. */
function changeStamp(modifiedAt: string): string {
  const at = Date.parse(modifiedAt);
  return Number.isFinite(at) && modifiedAt.length <= 64 ? modifiedAt : `unparsed:${modifiedAt.slice(0, 40)}`;
}

const actor = () => {
  const { info } = Context.current();
  return `workflow:${info.workflowExecution?.workflowId ?? info.activityId}`;
};

export function createSyncActivities(deps: SyncActivityDeps) {
  const { db, connectors } = deps;
  return {
    async loadCursor(input: { tenantId: string }): Promise<string | null> {
      return loadCursor(db, input.tenantId);
    },

    async saveCursor(input: { tenantId: string; cursor: string }): Promise<void> {
      await saveCursor(db, input.tenantId, input.cursor);
    },

    /** The sync's status for the API (read model); ids, states and counts only. */
    async saveSyncStatus(input: TenantSyncStatus & { workflowId: string; runId: string; writtenAt: string }): Promise<void> {
      await saveSyncStatus(db, input);
    },

    /** Bookable orders changed since the cursor (oldest first) and the cursor to poll from next. */
    async listChangedOrders(input: { tenantId: string; since: string | null }): Promise<{ orders: OrderChange[]; cursor: string; hasMore: boolean }> {
      const { connector, connection } = await connectors.source(input.tenantId, actor(), 'list changed orders');
      // Sources whose modified-after filter is exclusive or coarse are re-read a little before the cursor.
      const overlapMs = sourceModule(connection.vendor)?.cursorOverlapMs ?? 0;
      const now = Date.now();
      const initial = deps.initialCursor ? await deps.initialCursor(input.tenantId) : new Date(0).toISOString();
      // A cursor that is no timestamp, or lies in the future (an earlier version believed a shop's bad
      // clock), starts over from the beginning: re-reading costs calls, skipping would lose orders.
      const sinceMs = believable(input.since, now) ?? believable(initial, now) ?? 0;
      const orders: OrderChange[] = [];
      let newestMs = sinceMs;
      const from = new Date(Math.max(0, sinceMs - overlapMs)).toISOString();
      let page: string | null = null;
      let first = true;
      while ((first || page !== null) && orders.length < MAX_ORDERS_PER_POLL) {
        first = false;
        const current: string | null = page;
        const result: OrderPage = await translating('source', () => connector.listChangedOrders(from, current));
        for (const ref of result.orders) {
          // A malformed or future stamp never moves the cursor: the order is handled, the cursor stays valid.
          const at = believable(ref.modifiedAt, now);
          if (at !== null && at > newestMs) newestMs = at;
          if (ref.bookable !== false) orders.push({ externalId: ref.externalId, modifiedAt: changeStamp(ref.modifiedAt) });
        }
        page = result.nextPageToken;
        Context.current().heartbeat(page);
      }
      return { orders, cursor: new Date(newestMs).toISOString(), hasMore: page !== null };
    },

    /**
     * For an order whose sale workflow already completed: if it was posted and its amounts changed
     * since, report it once as changed after posting. Never books anything.
     */
    async recheckPostedSale(input: { tenantId: string; source: SourceVendor; externalId: string }): Promise<'unchanged' | 'changed-after-posting' | 'not-posted'> {
      const posted = await getSyncedSale(db, input);
      if (!posted || posted.state === 'claimed') return 'not-posted';
      const { connector } = await connectors.source(input.tenantId, actor(), 'recheck a posted order');
      let sale;
      try {
        sale = await translating('source', () => connector.getSale(input.externalId));
      } catch {
        return 'unchanged'; // an order that can no longer be read or booked is not an edit of the posted amounts
      }
      const bookedAmounts = { totalExclCents: posted.amountExclCents ?? 0, totalInclCents: posted.amountInclCents ?? 0 };
      if (sameAmounts(bookedAmounts, sale)) return 'unchanged';
      if (await markChangedAfterPosting(db, input)) {
        const { workflowExecution } = Context.current().info;
        await recordSaleError(db, {
          ...input, orderNumber: sale.orderNumber, code: 'ORDER_CHANGED_AFTER_POSTING', pii: null,
          workflowId: workflowExecution?.workflowId ?? '', runId: workflowExecution?.runId ?? '',
          params: { postedInclCents: String(bookedAmounts.totalInclCents), currentInclCents: String(sale.totalInclCents) },
        });
      }
      return 'changed-after-posting';
    },

    /** The vendor refused the tenant's credentials: remember it so the dashboard says so. */
    async recordSyncPaused(input: { tenantId: string; role: 'source' | 'target' }): Promise<void> {
      connectors.forget(input.tenantId);
      await markCredentialsRejected(db, input.tenantId, input.role);
    },
  };
}
