import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { saleErrors } from '../schema';

export type NewSaleError = typeof saleErrors.$inferInsert;
export type SaleErrorRow = typeof saleErrors.$inferSelect;

export async function insertSaleError(db: Db, error: NewSaleError): Promise<SaleErrorRow> {
  const [row] = await db.insert(saleErrors).values(error).returning();
  if (!row) throw new Error('insert into sale_errors returned nothing');
  return row;
}

/** Removes the debtor-specific values; the template and non-personal params stay. Idempotent. */
export async function redactSaleError(db: Db, errorId: string): Promise<boolean> {
  const rows = await db.update(saleErrors).set({ pii: null, redactedAt: sql`coalesce(${saleErrors.redactedAt}, now())` })
    .where(and(eq(saleErrors.id, errorId), isNull(saleErrors.redactedAt)))
    .returning({ id: saleErrors.id });
  return rows.length > 0;
}

export async function getSaleError(db: Db, errorId: string): Promise<SaleErrorRow | null> {
  const [row] = await db.select().from(saleErrors).where(eq(saleErrors.id, errorId));
  return row ?? null;
}

/** A later successful run of the same sale resolves its open errors. */
export async function resolveSaleErrors(db: Db, key: { tenantId: string; source: string; externalId: string }): Promise<void> {
  await db.update(saleErrors).set({ resolvedAt: sql`now()` }).where(and(
    eq(saleErrors.tenantId, key.tenantId), eq(saleErrors.source, key.source), eq(saleErrors.externalId, key.externalId),
    isNull(saleErrors.resolvedAt),
  ));
}

export type SaleErrorStatus = 'open' | 'resolved' | 'all';

const statusIs = (status: SaleErrorStatus) =>
  status === 'open' ? isNull(saleErrors.resolvedAt) : status === 'resolved' ? isNotNull(saleErrors.resolvedAt) : undefined;

/** A tenant's error records, newest first. */
export async function listSaleErrors(db: Db, tenantId: string, opts: { status?: SaleErrorStatus; cause?: string; limit?: number } = {}): Promise<SaleErrorRow[]> {
  return db.select().from(saleErrors)
    .where(and(
      eq(saleErrors.tenantId, tenantId), statusIs(opts.status ?? 'open'),
      opts.cause === undefined ? undefined : eq(saleErrors.cause, opts.cause),
    ))
    .orderBy(desc(saleErrors.occurredAt))
    .limit(opts.limit ?? 500);
}

/** One error record, only if it belongs to the tenant. */
export async function getTenantSaleError(db: Db, tenantId: string, errorId: string): Promise<SaleErrorRow | null> {
  const [row] = await db.select().from(saleErrors).where(and(eq(saleErrors.tenantId, tenantId), eq(saleErrors.id, errorId)));
  return row ?? null;
}

export async function listSaleErrorsByOrderNumber(db: Db, tenantId: string, orderNumber: string): Promise<SaleErrorRow[]> {
  return db.select().from(saleErrors)
    .where(and(eq(saleErrors.tenantId, tenantId), eq(saleErrors.orderNumber, orderNumber)))
    .orderBy(desc(saleErrors.occurredAt));
}

// Any PII value equal to the e-mail address (case-insensitive), whatever its key.
const mentionsEmail = (email: string) =>
  sql`exists (select 1 from jsonb_each_text(${saleErrors.pii}) as p(k, v) where lower(trim(p.v)) = ${email.trim().toLowerCase()})`;

/** Unredacted error records whose debtor-specific values hold this e-mail address (GDPR access request). */
export async function listSaleErrorsMentioningEmail(db: Db, tenantId: string, email: string): Promise<SaleErrorRow[]> {
  return db.select().from(saleErrors)
    .where(and(eq(saleErrors.tenantId, tenantId), isNotNull(saleErrors.pii), mentionsEmail(email)))
    .orderBy(desc(saleErrors.occurredAt));
}

/** Redacts now every error record of the tenant that mentions the e-mail address (GDPR erasure request). */
export async function redactSaleErrorsMentioningEmail(db: Db, tenantId: string, email: string): Promise<number> {
  const rows = await db.update(saleErrors).set({ pii: null, redactedAt: sql`coalesce(${saleErrors.redactedAt}, now())` })
    .where(and(eq(saleErrors.tenantId, tenantId), isNotNull(saleErrors.pii), mentionsEmail(email)))
    .returning({ id: saleErrors.id });
  return rows.length;
}

/** The open error of this order with this code, if any: a repeat failure counts as another attempt, not a new record. */
export async function bumpOpenSaleError(db: Db, key: { tenantId: string; source: string; externalId: string; code: string; workflowId: string; runId: string }): Promise<SaleErrorRow | null> {
  const [row] = await db.update(saleErrors)
    .set({ attempts: sql`${saleErrors.attempts} + 1`, workflowId: key.workflowId, runId: key.runId })
    .where(and(
      eq(saleErrors.tenantId, key.tenantId), eq(saleErrors.source, key.source), eq(saleErrors.externalId, key.externalId),
      eq(saleErrors.code, key.code), isNull(saleErrors.resolvedAt),
    ))
    .returning();
  return row ?? null;
}
