import { and, desc, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { saleJourneys } from '../schema';

export type SaleJourneyRow = typeof saleJourneys.$inferSelect;

export interface JourneyStep {
  tenantId: string;
  source: string;
  externalId: string;
  workflowId: string;
  runId: string;
  state: string;
  orderNumber?: string | null;
  attempt?: number;
  pendingStep?: string | null;
  lastErrorCode?: string | null;
  targetDocumentId?: string | null;
  /** The run ended with this step (posted, skipped, changed after posting, failed). */
  closed?: boolean;
}

/**
 * Records a milestone of a sale's run. A new run of the same sale starts the journey again; a step of an
 * older run never overwrites a newer run's (Temporal runs one run per sale at a time).
 */
export async function saveJourneyStep(db: Db, s: JourneyStep): Promise<void> {
  const closedAt = s.closed ? sql`now()` : null;
  await db.insert(saleJourneys).values({
    tenantId: s.tenantId, source: s.source, externalId: s.externalId, workflowId: s.workflowId, runId: s.runId, state: s.state,
    orderNumber: s.orderNumber ?? null, attempt: s.attempt ?? 1, pendingStep: s.pendingStep ?? null, lastErrorCode: s.lastErrorCode ?? null,
    targetDocumentId: s.targetDocumentId ?? null, closedAt,
  }).onConflictDoUpdate({
    target: [saleJourneys.tenantId, saleJourneys.source, saleJourneys.externalId],
    set: {
      state: s.state,
      workflowId: s.workflowId,
      runId: s.runId,
      // A new run restarts the clock and forgets the last run's error; a step of the same run keeps what it does not set.
      startedAt: sql`case when ${saleJourneys.runId} = excluded.run_id then ${saleJourneys.startedAt} else now() end`,
      orderNumber: sql`coalesce(excluded.order_number, ${saleJourneys.orderNumber})`,
      attempt: s.attempt ?? 1,
      pendingStep: s.pendingStep ?? null,
      lastErrorCode: s.lastErrorCode !== undefined ? s.lastErrorCode
        : sql`case when ${saleJourneys.runId} = excluded.run_id then ${saleJourneys.lastErrorCode} else null end`,
      targetDocumentId: sql`coalesce(excluded.target_document_id, ${saleJourneys.targetDocumentId})`,
      updatedAt: sql`now()`,
      closedAt,
    },
    // A late retry of an older, closed run must not reopen the journey of a newer one.
    setWhere: or(eq(saleJourneys.runId, s.runId), sql`${saleJourneys.closedAt} is not null`, sql`${saleJourneys.updatedAt} < now() - interval '1 hour'`),
  });
}

/** The journey the merchant knows by this order number (the most recent one, should a shop reuse numbers). */
export async function findSaleJourney(db: Db, tenantId: string, orderNumber: string): Promise<SaleJourneyRow | null> {
  const [row] = await db.select().from(saleJourneys)
    .where(and(eq(saleJourneys.tenantId, tenantId), eq(saleJourneys.orderNumber, orderNumber)))
    .orderBy(desc(saleJourneys.updatedAt)).limit(1);
  return row ?? null;
}

export async function getSaleJourney(db: Db, key: { tenantId: string; source: string; externalId: string }): Promise<SaleJourneyRow | null> {
  const [row] = await db.select().from(saleJourneys)
    .where(and(eq(saleJourneys.tenantId, key.tenantId), eq(saleJourneys.source, key.source), eq(saleJourneys.externalId, key.externalId)));
  return row ?? null;
}
