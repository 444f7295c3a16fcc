import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { purgeAccessAnalytics, purgePlatformLog, purgeStatutoryData, termStartOf } from '../../db/queries/retention-purge';
import * as schema from '../../db/schema';
import { accessAnalytics, platformLog, tenantInvoices } from '../../db/schema';
import { dueAt } from '../../domain/retention-policy';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { insertTenant } from './fixtures';

// Month ends, leap days and day boundaries, where SQL month arithmetic and domain addMonths could disagree.
const MOMENTS = [
  '2025-01-31T10:00:00.000Z', '2024-01-30T23:30:00.000Z', '2024-02-29T23:59:59.000Z', '2025-03-31T00:00:00.000Z',
  '2025-08-31T12:00:00.000Z', '2025-12-31T23:59:59.999Z', '2025-06-15T08:00:00.000Z',
];
const DATES = ['2016-02-29', '2019-01-31', '2018-12-31', '2019-06-30', '2019-07-15'];

describe('purge queries agree with the policy to the millisecond, in any session time zone', () => {
  let database: TestDatabase;
  let sql: postgres.Sql;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    // A zone with a 45-minute offset and daylight saving: the queries must not depend on it.
    sql = postgres(database.url, { max: 2, onnotice: () => undefined, connection: { TimeZone: 'Pacific/Chatham' } });
    db = drizzle(sql, { schema, casing: 'snake_case' });
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  it.each(MOMENTS)('a log line written at %s goes exactly at dueAt', async (moment) => {
    const at = new Date(moment);
    await db.insert(platformLog).values({ actor: 'test', action: 'boundary', message: moment, at });
    const due = dueAt('logPurge', at);
    expect(await purgePlatformLog(db, new Date(due.getTime() - 1))).toBe(0);
    expect(await purgePlatformLog(db, due)).toBe(1);
  });

  it.each(MOMENTS)('an analytics row of %s goes exactly at dueAt', async (moment) => {
    const at = new Date(moment);
    await db.insert(accessAnalytics).values({ ipPrefix: '198.51.100', method: 'GET', route: '/', status: 200, at });
    const due = dueAt('analyticsReportPurge', at);
    expect(await purgeAccessAnalytics(db, new Date(due.getTime() - 1))).toBe(0);
    expect(await purgeAccessAnalytics(db, due)).toBe(1);
  });

  it.each(DATES)('an invoice dated %s goes exactly at the end of its statutory term', async (issuedOn) => {
    const tenantId = await insertTenant(db);
    await db.insert(tenantInvoices).values({ tenantId, number: `B-${issuedOn}`, amountInclCents: 100, issuedOn });
    const due = dueAt('statutoryPurge', termStartOf(issuedOn));
    expect((await purgeStatutoryData(db, new Date(due.getTime() - 1))).invoices).toBe(0);
    expect(await purgeStatutoryData(db, due)).toEqual({ invoices: 1, tenants: 0, overdue: 0 });
  });

  it('counts the term from the end of the contract\'s last day', () => {
    expect(termStartOf('2019-01-31').toISOString()).toBe('2019-02-01T00:00:00.000Z');
    expect(dueAt('statutoryPurge', termStartOf('2019-01-31')).toISOString()).toBe('2026-02-01T00:00:00.000Z');
    expect(dueAt('credentialDeletion', termStartOf('2025-12-31')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});
