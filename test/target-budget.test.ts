import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetWindowMs, reserveTargetCalls } from '../db/queries/target-budget';
import { createTestDatabase, type TestDatabase } from './support/database';
import { eventually } from './support/tenant';

describe('the target budget over several windows (real Postgres)', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.drop());

  it('grants only while every window has room, and names the wait of the window that binds', async () => {
    const connectionId = randomUUID();
    // A short window (2 per 300 ms) and a long one (3 per 10 minutes), like Exact's minutely and daily limits.
    const windows = [{ limit: 2, windowMs: 300 }, { limit: 3, windowMs: 600_000 }];
    const reserve = () => reserveTargetCalls(database.db, { connectionId, calls: 1, windows });
    expect((await reserve()).granted).toBe(true);
    expect((await reserve()).granted).toBe(true);
    const short = await reserve();
    // The short window binds: room again when the oldest call leaves it (300 ms + the reservation margin).
    expect(short.granted).toBe(false);
    expect(short.granted ? 0 : short.retryAfterMs).toBeLessThanOrEqual(budgetWindowMs(300) + 10);
    await eventually(async () => (await reserve()).granted, { timeoutMs: 10_000, what: 'room in the short window' });
    // Three calls in ten minutes: now the long window binds, however long one waits for the short one.
    const long = await reserve();
    expect(long.granted).toBe(false);
    expect(long.granted ? 0 : long.retryAfterMs).toBeGreaterThan(600_000);
  });

  it('keeps connections apart, and a single window works as before', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const both = await reserveTargetCalls(database.db, { connectionId: a, calls: 2, limit: 2, windowMs: 60_000 });
    // Each granted call has its own row, so it can be dated at its answer.
    expect(both.granted ? both.ids.length : 0).toBe(2);
    expect((await reserveTargetCalls(database.db, { connectionId: a, calls: 1, limit: 2, windowMs: 60_000 })).granted).toBe(false);
    expect((await reserveTargetCalls(database.db, { connectionId: b, calls: 1, windows: [{ limit: 2, windowMs: 60_000 }] })).granted).toBe(true);
  });
});
