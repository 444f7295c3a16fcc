import { ApplicationFailure } from '@temporalio/common';
import { posDayReference, PosDaySummaryError, summarisePosDay, type PosSaleShare } from '../domain/pos-day';
import type { Sale, SourceVendor } from '../domain/sale';
import { walkInDebtor } from '../domain/walk-in-debtor';
import type { Db } from '../db/client';
import { noteJourney } from './journey';
import { collectPosSale, markPosBatchBooked, openPosBatch } from '../db/queries/pos-days';
import { getTenantSettings } from '../db/queries/tenant-settings';

interface DayKey {
  tenantId: string;
  source: SourceVendor;
  location: string;
  businessDay: string;
}

const amountsOf = (shares: PosSaleShare[]) => ({
  excl: shares.reduce((s, x) => s + x.totalExclCents, 0),
  incl: shares.reduce((s, x) => s + x.totalInclCents, 0),
});

/** The Postgres side of daily till summaries (workflows/pos-day.workflow.ts). */
export function createPosDayActivities(deps: { db: Db }) {
  const { db } = deps;
  return {
    /** How the tenant books till sales, and how long after a business day ends its summary waits. */
    async posBookingOf(input: { tenantId: string }): Promise<{ booking: 'per-order' | 'daily-summary'; closeDelayMinutes: number }> {
      const settings = await getTenantSettings(db, input.tenantId);
      return { booking: settings.posBooking, closeDelayMinutes: settings.posDayCloseDelayMinutes };
    },

    /** Records a validated till sale as part of its day (amounts per rate only). */
    async collectPosSale(input: DayKey & { share: PosSaleShare }): Promise<'collected' | 'already-in-summary'> {
      const collected = await collectPosSale(db, { ...input, externalId: input.share.externalId });
      // The sale's journey ends here: its day's summary invoice books it (journey read model).
      await noteJourney(db, { tenantId: input.tenantId, source: input.source, externalId: input.share.externalId, state: 'collected', closed: true });
      return collected;
    },

    /** The next summary of the day to book (an unfinished one first), as a Sale; null when none is left. */
    async openPosBatch(input: DayKey): Promise<{ batch: number; summary: Sale; sales: number; resumed: boolean } | null> {
      const key = { location: input.location, businessDay: input.businessDay };
      const open = await openPosBatch(db, input, (batch) => posDayReference({ ...key, batch }), amountsOf);
      if (!open) return null;
      const settings = await getTenantSettings(db, input.tenantId);
      // The location's name as the till reported it with its latest sale; the id when none did.
      const locationName = open.shares.map((s) => s.locationName).find((n): n is string => typeof n === 'string' && n !== '') ?? input.location;
      const debtor = walkInDebtor({ id: input.location, name: locationName }, settings.homeCountry);
      const pricesIncludeVat = open.shares.every((s) => s.pricesIncludeVat !== false);
      let summary: Sale;
      try {
        summary = summarisePosDay({ source: input.source, ...key, locationName, batch: open.batch }, open.shares, debtor, pricesIncludeVat, settings.homeCountry);
      } catch (error) {
        // The receipts each added up when collected: a day that does not is a fault to look at, not to retry.
        if (!(error instanceof PosDaySummaryError)) throw error;
        throw ApplicationFailure.create({ type: 'TOTALS_MISMATCH', nonRetryable: true, message: error.message, details: [{ issues: error.issues }] });
      }
      return { batch: open.batch, summary, sales: open.shares.length, resumed: open.resumed };
    },

    async markPosBatchBooked(input: DayKey & { batch: number; targetDocumentId: string }): Promise<number> {
      return markPosBatchBooked(db, input);
    },
  };
}
