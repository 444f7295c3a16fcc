import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackupRunner, listStoredBackups } from '../../activities/backups/backup-runner';
import { termStartOf } from '../../db/queries/retention-purge';
import { accessAnalytics, backups, deletionLog, platformLog, tenantInvoices, tenants } from '../../db/schema';
import { addDays, addMonths, dueAt, latestAt } from '../../domain/retention-policy';
import type { analyticsPurgeWorkflow, backupPruneWorkflow, logPurgeWorkflow, statutoryPurgeWorkflow } from '../../workflows';
import { dateOn, insertTenant } from './fixtures';
import { DAY_MS, startTimeSkippingHarness, type TimeSkippingHarness } from './time-skipping';

type PurgeWorkflow = typeof logPurgeWorkflow | typeof analyticsPurgeWorkflow | typeof backupPruneWorkflow | typeof statutoryPurgeWorkflow;

describe('daily purge workflows on the time-skipping server', () => {
  let h: TimeSkippingHarness;
  let runs = 0;
  beforeAll(async () => {
    h = await startTimeSkippingHarness();
  });
  afterAll(async () => h?.teardown());

  const db = () => h.database.db;
  const dayBefore = (moment: Date) => new Date(moment.getTime() - DAY_MS);
  // As the schedule would start it: no input, the clock is the workflow's.
  const run = async <W extends PurgeWorkflow>(type: string) =>
    (await h.client.workflow.execute(type, { workflowId: `purge-test-${++runs}`, taskQueue: h.taskQueue })) as Awaited<ReturnType<W>>;

  it('deletes platform log lines one month after they were written, not a day earlier', async () => {
    const written = await h.now();
    const [old, younger] = await db().insert(platformLog).values([
      { actor: 'test', action: 'test.old', message: 'old line', at: written },
      { actor: 'test', action: 'test.younger', message: 'younger line', at: addDays(written, 2) },
    ]).returning();
    const due = dueAt('logPurge', written);

    await h.skipTo(dayBefore(due));
    expect(await run<typeof logPurgeWorkflow>('logPurgeWorkflow')).toEqual({ deleted: 0 });
    await h.skipTo(due);
    expect(await run<typeof logPurgeWorkflow>('logPurgeWorkflow')).toEqual({ deleted: 1 });
    const left = await db().select({ id: platformLog.id }).from(platformLog).where(inArray(platformLog.id, [old!.id, younger!.id]));
    expect(left).toEqual([{ id: younger!.id }]);
  });

  it('deletes access analytics 180 days after the request, not a day earlier', async () => {
    const at = await h.now();
    await db().insert(accessAnalytics).values({ ipPrefix: '192.0.2', method: 'GET', route: '/api/sales', status: 200, at });
    const due = dueAt('analyticsReportPurge', at);

    await h.skipTo(dayBefore(due));
    expect(await run<typeof analyticsPurgeWorkflow>('analyticsPurgeWorkflow')).toEqual({ deleted: 0 });
    expect(await db().select().from(accessAnalytics)).toHaveLength(1);
    await h.skipTo(due);
    expect(await run<typeof analyticsPurgeWorkflow>('analyticsPurgeWorkflow')).toEqual({ deleted: 1 });
    expect(await db().select().from(accessAnalytics)).toHaveLength(0);
  });

  it('deletes backups from the store two months after they were taken, not a day earlier; the catalogue follows the store', async () => {
    const takenAt = await h.now();
    const runner = createBackupRunner({ db: db(), runtime: h.backups });
    const first = await runner.takeBackup({ backupId: randomUUID(), takenAt });
    // Far enough apart that month-end clamping never reorders their due dates.
    const younger = await runner.takeBackup({ backupId: randomUUID(), takenAt: addDays(takenAt, 20) });
    // A catalogue row whose object is gone from the store (deleted by hand): the catalogue follows the store.
    const [orphan] = await db().insert(backups).values({ location: 's3://elsewhere/gone.dzb', sizeBytes: 1234, createdAt: takenAt }).returning();
    // A deletion made between the two backups: needed as long as the first backup exists.
    const deletedAt = new Date(takenAt.getTime() + 12 * 3_600_000);
    await db().insert(deletionLog).values({ kind: 'tenant-key-shredded', tenantId: randomUUID(), at: deletedAt });
    expect(await runner.shipDeletionLog()).toEqual({ shipped: 1 });
    const stored = async () => (await listStoredBackups(h.backups.store)).map((b) => b.id);
    const logEntries = async () => (await h.backups.store.list('deletion-log/')).length;
    const due = dueAt('backupPrune', takenAt);

    await h.skipTo(dayBefore(due));
    expect(await run<typeof backupPruneWorkflow>('backupPruneWorkflow')).toEqual({ deleted: 0, kept: 2, cataloguePruned: 1, catalogueAdded: 0, deletionLogEntriesDeleted: 0 });
    expect(await stored()).toEqual([first.backupId, younger.backupId]);
    const [orphanRow] = await db().select().from(backups).where(eq(backups.id, orphan!.id));
    expect(orphanRow?.prunedAt).not.toBeNull();

    await h.skipTo(due);
    expect(await run<typeof backupPruneWorkflow>('backupPruneWorkflow')).toMatchObject({ deleted: 1, kept: 1, cataloguePruned: 1 });
    expect(await stored()).toEqual([younger.backupId]);
    const catalogue = await db().select().from(backups).where(inArray(backups.id, [first.backupId, younger.backupId])).orderBy(backups.createdAt);
    expect(catalogue.map((b) => [b.id, b.prunedAt !== null])).toEqual([[first.backupId, true], [younger.backupId, false]]);
    expect(await logEntries()).toBe(1);

    // Once the deletion is two months old too, and older than every backup left, it goes as well.
    await h.skipTo(dueAt('backupPrune', deletedAt));
    expect(await run<typeof backupPruneWorkflow>('backupPruneWorkflow')).toMatchObject({ deleted: 0, kept: 1, deletionLogEntriesDeleted: 1 });
    expect(await logEntries()).toBe(0);
  });

  it('removes tenant NAW/IBAN/VAT and our invoices when the 7-year term ends, not a day earlier, within the grace period', async () => {
    const today = dateOn(await h.now());
    const ended = await insertTenant(db(), { contractEndsOn: today });
    const running = await insertTenant(db(), { name: 'Fietsenmaker Snel', contractEndsOn: null });
    await db().insert(tenantInvoices).values([
      { tenantId: ended, number: `INV-${today}-1`, amountInclCents: 2_420, issuedOn: today },
      { tenantId: running, number: `INV-${today}-2`, amountInclCents: 2_420, issuedOn: dateOn(addDays(await h.now(), 1)) },
      // Missed by earlier runs: deleted at once and reported as later than the grace period allows.
      { tenantId: running, number: 'INV-ANCIENT', amountInclCents: 1_000, issuedOn: dateOn(addMonths(await h.now(), -(7 * 12 + 4))) },
    ]);
    expect(await run<typeof statutoryPurgeWorkflow>('statutoryPurgeWorkflow')).toEqual({ deleted: 1, invoices: 1, tenants: 0, overdue: 1 });

    const due = dueAt('statutoryPurge', termStartOf(today));
    expect(due.getTime()).toBeLessThan(latestAt('statutoryPurge', termStartOf(today)).getTime());
    await h.skipTo(dayBefore(due));
    expect(await run<typeof statutoryPurgeWorkflow>('statutoryPurgeWorkflow')).toMatchObject({ deleted: 0 });
    const [kept] = await db().select().from(tenants).where(eq(tenants.id, ended));
    expect(kept).toMatchObject({ name: 'Bakkerij De Korenschoof', iban: 'NL91ABNA0417164300', vatNumber: 'NL000099998B57' });

    await h.skipTo(due);
    expect(await run<typeof statutoryPurgeWorkflow>('statutoryPurgeWorkflow')).toEqual({ deleted: 2, invoices: 1, tenants: 1, overdue: 0 });
    const [purged] = await db().select().from(tenants).where(eq(tenants.id, ended));
    expect(purged).toMatchObject({ name: '[removed]', address: '', postcode: '', city: '', country: '', iban: null, vatNumber: null });
    const [stillThere] = await db().select().from(tenants).where(eq(tenants.id, running));
    expect(stillThere).toMatchObject({ name: 'Fietsenmaker Snel', iban: 'NL91ABNA0417164300' });
    expect((await db().select({ number: tenantInvoices.number }).from(tenantInvoices)).map((i) => i.number)).toEqual([`INV-${today}-2`]);

    expect(await run<typeof statutoryPurgeWorkflow>('statutoryPurgeWorkflow')).toEqual({ deleted: 0, invoices: 0, tenants: 0, overdue: 0 });
    const log = await db().select().from(platformLog).where(eq(platformLog.action, 'statutory.purged'));
    expect(log).toHaveLength(2);
  });
});
