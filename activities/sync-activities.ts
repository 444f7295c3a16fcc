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
import { knownSaleIds } from '../db/queries/known-sales';
import { getTenantSettings } from '../db/queries/tenant-settings';
import { syncFromInstant } from '../domain/tenant-settings';
import type { ConnectorProvider } from './connector-provider';
import { translating } from './failures';
import { prepareForBooking } from './prepare-for-booking';
import { recordSaleError } from './record-sale-error';

export interface SyncActivityDeps {
  db: Db;
  connectors: ConnectorProvider;
}

/**
 * Where a tenant's sync starts: the tenant's `syncFrom` setting, else the moment its shop was connected.
 * The first poll reads from here, and orders placed before it are never booked by the sync (only by a
 * backfill), even when they change later: connecting a shop must not book its history a second time.
 */
export async function syncStartOf(db: Db, tenantId: string, connectedAt: Date): Promise<string> {
  const { syncFrom } = await getTenantSettings(db, tenantId);
  // Shops stamp orders to the second: an order placed in the second the sync starts counts as after it.
  const start = syncFrom ? Date.parse(syncFromInstant(syncFrom)) : connectedAt.getTime();
  return new Date(Math.floor(start / 1000) * 1000).toISOString();
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
      const start = await syncStartOf(db, input.tenantId, connection.createdAt);
      // A cursor that is no timestamp, or lies in the future (an earlier version believed a shop's bad
      // clock), starts over from the sync start: re-reading costs calls, skipping would lose orders.
      const sinceMs = believable(input.since, now) ?? believable(start, now) ?? 0;
      const orders: OrderChange[] = [];
      const older: string[] = [];
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
          const refunds = ref.refunds?.map((r) => r.externalId);
          // A non-bookable order matters only for its refunds or its cancellation.
          if (ref.bookable === false && !ref.cancelled && !refunds?.length) continue;
          if (ref.createdAt && Date.parse(ref.createdAt) < Date.parse(start)) older.push(ref.externalId);
          orders.push({
            externalId: ref.externalId, modifiedAt: changeStamp(ref.modifiedAt),
            ...(refunds ? { refunds } : {}), ...(ref.bookable === false ? { bookable: false } : {}), ...(ref.cancelled ? { cancelled: true } : {}),
          });
        }
        page = result.nextPageToken;
        Context.current().heartbeat(page);
      }
      // Orders placed before the sync start are history: only those doorzet booked itself (e.g. by a backfill) go on.
      const known = await knownSaleIds(db, input.tenantId, connection.vendor, older);
      const skipped = new Set(older.filter((id) => !known.has(id)));
      return { orders: orders.filter((o) => !skipped.has(o.externalId)), cursor: new Date(newestMs).toISOString(), hasMore: page !== null };
    },

    /** The refund ids of one order, for an order change that did not carry them. */
    async listOrderRefunds(input: { tenantId: string; orderExternalId: string }): Promise<string[]> {
      const { connector } = await connectors.source(input.tenantId, actor(), 'list the refunds of an order');
      return (await translating('source', () => connector.listRefunds(input.orderExternalId))).map((r) => r.externalId);
    },

    /**
     * For an order whose sale workflow already completed: if it was posted and its amounts changed
     * since, report it once as changed after posting. Never books anything.
     */
    async recheckPostedSale(input: { tenantId: string; source: SourceVendor; externalId: string }): Promise<'unchanged' | 'changed-after-posting' | 'not-posted' | 'correct'> {
      const posted = await getSyncedSale(db, input);
      if (!posted || posted.state === 'claimed') return 'not-posted';
      const { connector } = await connectors.source(input.tenantId, actor(), 'recheck a posted order');
      let read;
      try {
        read = await translating('source', () => connector.getSale(input.externalId));
      } catch {
        return 'unchanged'; // an order that can no longer be read or booked is not an edit of the posted amounts
      }
      // Compared as it would be booked now (VAT regimes, rounding), as the posted amounts were: not as the shop states it.
      // An edit that leaves the order unbookable (e.g. a total its lines do not add up to) is compared as the shop states it.
      const { prepared, source } = await prepareForBooking(db, input.tenantId, read);
      const sale = prepared.kind === 'rejected' ? source : prepared.sale;
      const bookedAmounts = { totalExclCents: posted.amountExclCents ?? 0, totalInclCents: posted.amountInclCents ?? 0 };
      if (sameAmounts(bookedAmounts, sale)) return 'unchanged';
      // Under the 'correct' policy the sync starts a correction (credit note + new invoice) instead of reporting.
      if ((await getTenantSettings(db, input.tenantId)).correctionPolicy === 'correct') return 'correct';
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
