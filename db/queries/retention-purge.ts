import { and, isNotNull, lt, ne, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { REDACTED_PLACEHOLDER } from '../../domain/error-record';
import { addDays, addDuration, retentionRule, type Duration, type RetentionRuleId } from '../../domain/retention-policy';
import type { Db } from '../client';
import { accessAnalytics, backups, platformLog, tenantInvoices, tenants } from '../schema';

/**
 * Term start of a date column (contract end, invoice date): the end of the named day, 00:00 UTC the next
 * day, so a deletion never comes before the day is over.
 */
export function termStartOf(dateOn: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(dateOn)) throw new RangeError(`expected a YYYY-MM-DD date, got ${dateOn}`);
  return addDays(new Date(`${dateOn}T00:00:00.000Z`), 1);
}

const interval = (d: Duration): SQL => sql`make_interval(months => ${d.months ?? 0}::int, days => ${d.days ?? 0}::int)`;
const keptFor = (rule: RetentionRuleId) => interval(retentionRule(rule).keptFor);
const utc = (now: Date): SQL => sql`(${now.toISOString()}::timestamptz at time zone 'UTC')`;

// Postgres month arithmetic clamps to the month's last day exactly like domain addMonths, so SQL and dueAt() agree.
const timestampDue = (rule: RetentionRuleId, column: SQLWrapper, now: Date): SQL =>
  sql`((${column} at time zone 'UTC') + ${keptFor(rule)}) <= ${utc(now)}`;
const dateDue = (rule: RetentionRuleId, column: SQLWrapper, now: Date): SQL =>
  sql`((${column} + 1)::timestamp + ${keptFor(rule)}) <= ${utc(now)}`;
const dateOverdue = (rule: RetentionRuleId, column: SQLWrapper, now: Date): SQL =>
  sql`((${column} + 1)::timestamp + ${keptFor(rule)} + ${interval(retentionRule(rule).grace ?? {})}) < ${utc(now)}`;

/**
 * An index-friendly superset bound: rows at or after it cannot be due yet (month-end clamping shifts a
 * due moment by at most 3 days), so the exact test above only runs on a small range.
 */
function candidatesBefore(rule: RetentionRuleId, now: Date): Date {
  const { months = 0, days = 0 } = retentionRule(rule).keptFor;
  return addDays(addDuration(now, { months: -months, days: -days }), 4);
}

/** Platform log lines older than the log term (1 month). */
export async function purgePlatformLog(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(platformLog)
    .where(and(lt(platformLog.at, candidatesBefore('logPurge', now)), timestampDue('logPurge', platformLog.at, now)))
    .returning({ id: platformLog.id });
  return rows.length;
}

/** Access analytics rows older than the report term (180 days). */
export async function purgeAccessAnalytics(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(accessAnalytics)
    .where(and(lt(accessAnalytics.at, candidatesBefore('analyticsReportPurge', now)), timestampDue('analyticsReportPurge', accessAnalytics.at, now)))
    .returning({ id: accessAnalytics.id });
  return rows.length;
}

/** Marks backups older than the backup term (2 months) pruned. Idempotent: a pruned backup is not counted again. */
export async function pruneBackups(db: Db, now: Date): Promise<{ id: string; location: string }[]> {
  return db.update(backups).set({ prunedAt: now })
    .where(and(sql`${backups.prunedAt} is null`, lt(backups.createdAt, candidatesBefore('backupPrune', now)), timestampDue('backupPrune', backups.createdAt, now)))
    .returning({ id: backups.id, location: backups.location });
}

export interface StatutoryPurgeResult {
  invoices: number;
  tenants: number;
  /** Items removed later than the rule allows (due + grace): a missed schedule, to be reported. */
  overdue: number;
}

/**
 * Our invoices past the statutory term (counted from the invoice date) are deleted; tenants past it
 * (counted from the contract end) lose their name, address, IBAN and VAT number. The tenant row stays,
 * with its id, for invoices whose own term runs longer.
 */
export async function purgeStatutoryData(db: Db, now: Date): Promise<StatutoryPurgeResult> {
  const invoices = await db.delete(tenantInvoices)
    .where(dateDue('statutoryPurge', tenantInvoices.issuedOn, now))
    .returning({ id: tenantInvoices.id, overdue: sql<boolean>`${dateOverdue('statutoryPurge', tenantInvoices.issuedOn, now)}` });
  const anonymised = await db.update(tenants)
    .set({ name: REDACTED_PLACEHOLDER, address: '', postcode: '', city: '', country: '', iban: null, vatNumber: null, updatedAt: sql`now()` })
    .where(and(
      isNotNull(tenants.contractEndsOn),
      dateDue('statutoryPurge', tenants.contractEndsOn, now),
      or(ne(tenants.name, REDACTED_PLACEHOLDER), ne(tenants.address, ''), ne(tenants.postcode, ''), ne(tenants.city, ''),
        ne(tenants.country, ''), isNotNull(tenants.iban), isNotNull(tenants.vatNumber)),
    ))
    .returning({ id: tenants.id, overdue: sql<boolean>`${dateOverdue('statutoryPurge', tenants.contractEndsOn, now)}` });
  const overdue = [...invoices, ...anonymised].filter((r) => r.overdue).length;
  return { invoices: invoices.length, tenants: anonymised.length, overdue };
}

/** A line in the platform log; the message holds ids and counts only. */
export async function writePlatformLog(db: Db, line: { tenantId: string | null; actor: string; action: string; message: string }): Promise<void> {
  await db.insert(platformLog).values(line);
}
