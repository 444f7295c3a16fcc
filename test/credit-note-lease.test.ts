import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseCreditNoteLease, takeCreditNoteLease } from '../db/queries/credit-note-leases';
import { creditNoteLeases, tenants } from '../db/schema';
import { createTestDatabase, type TestDatabase } from './support/database';

/** One credit note of an original document at a time, across workers (the lease behind activities/credit-note-lease.ts). */
describe('credit-note leases in Postgres', () => {
  let database: TestDatabase;
  let tenantId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    const [tenant] = await database.db.insert(tenants).values({ name: 'Leasewinkel' }).returning();
    tenantId = tenant!.id;
  });
  afterAll(async () => database?.drop());

  it('one holder per document: others wait until it is released, the holder may take it again', async () => {
    const doc = randomUUID();
    const first = { tenantId, originalDocumentId: doc, holder: 'refund-a#1' };
    const second = { tenantId, originalDocumentId: doc, holder: 'refund-b#1' };
    expect(await takeCreditNoteLease(database.db, first, 60_000)).toBe(true);
    expect(await takeCreditNoteLease(database.db, second, 60_000)).toBe(false);
    // Another document of the same tenant is free.
    expect(await takeCreditNoteLease(database.db, { ...second, originalDocumentId: randomUUID() }, 60_000)).toBe(true);
    expect(await takeCreditNoteLease(database.db, first, 60_000)).toBe(true);
    // Only the holder's release frees it.
    await releaseCreditNoteLease(database.db, second);
    expect(await takeCreditNoteLease(database.db, second, 60_000)).toBe(false);
    await releaseCreditNoteLease(database.db, first);
    expect(await takeCreditNoteLease(database.db, second, 60_000)).toBe(true);
  });

  it('a lease whose holder died lapses after its time; concurrent takers get it exactly once', async () => {
    const doc = randomUUID();
    // Its worker died holding it: a lease already past its time.
    expect(await takeCreditNoteLease(database.db, { tenantId, originalDocumentId: doc, holder: 'gone#1' }, -1_000)).toBe(true);
    const takers = Array.from({ length: 8 }, (_, i) => takeCreditNoteLease(database.db, { tenantId, originalDocumentId: doc, holder: `refund-${i}#1` }, 60_000));
    expect((await Promise.all(takers)).filter(Boolean)).toHaveLength(1);
  });

  it('goes with the tenant', async () => {
    const [other] = await database.db.insert(tenants).values({ name: 'Weg' }).returning();
    await takeCreditNoteLease(database.db, { tenantId: other!.id, originalDocumentId: 'x', holder: 'h#1' }, 60_000);
    await database.db.delete(tenants).where(eq(tenants.id, other!.id));
    expect((await database.db.select().from(creditNoteLeases)).filter((l) => l.tenantId === other!.id)).toEqual([]);
  });
});
