import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestBudget } from '../activities/request-budget';
import type { ConnectorError } from '../connectors/errors';
import { createHttpClient } from '../connectors/http';
import { createTestDatabase, type TestDatabase } from './support/database';

describe('the per-request rate budget (activities/request-budget) on Postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  const calls = async (connectionId: string) =>
    (await db.db.execute<{ n: number }>(sql`select count(*)::int as n from target_calls where connection_id = ${connectionId} and at <= now()`))[0]!.n;

  it('grants calls up to the limit, then ends the attempt with the wait as its next retry delay', async () => {
    const connectionId = randomUUID();
    const budget = createRequestBudget({ db: db.db, connectionId, windows: [{ limit: 3, windowMs: 60_000 }] });
    for (let i = 0; i < 3; i++) await budget.beforeRequest({ method: 'GET', path: '/x' });
    const refused = await budget.beforeRequest({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApplicationFailure);
    expect(refused).toMatchObject({ type: 'RATE_LIMITED', nonRetryable: false });
    const delay = Number((refused as ApplicationFailure).nextRetryDelay);
    expect(delay).toBeGreaterThan(50_000);
    expect(delay).toBeLessThanOrEqual(62_000);
    expect(await calls(connectionId)).toBe(3);
  });

  it('waits out a short wait inside the activity instead of failing', async () => {
    const connectionId = randomUUID();
    const budget = createRequestBudget({ db: db.db, connectionId, windows: [{ limit: 2, windowMs: 300 }] });
    const granted: number[] = [];
    for (let i = 0; i < 5; i++) {
      await budget.beforeRequest({ method: 'GET', path: '/x' });
      granted.push(i);
    }
    expect(granted).toEqual([0, 1, 2, 3, 4]);
    // Never more than the limit inside one window.
    const [row] = await db.db.execute<{ n: number }>(sql`select count(*)::int as n from target_calls where connection_id = ${connectionId} and at > now() - interval '400 milliseconds'`);
    expect(row!.n).toBeLessThanOrEqual(2);
  });

  it('after a 429, grants nothing until the vendor\'s reset, then the whole window again', async () => {
    const connectionId = randomUUID();
    const budget = createRequestBudget({ db: db.db, connectionId, windows: [{ limit: 10, windowMs: 60_000 }], maxInlineWaitMs: 100 });
    await budget.beforeRequest({ method: 'GET', path: '/x' });
    await budget.rateLimited(45_000);
    const refused = await budget.beforeRequest({ method: 'GET', path: '/x' }).catch((e: unknown) => e) as ApplicationFailure;
    expect(refused.type).toBe('RATE_LIMITED');
    // Room opens at the reset (45 s), not when our own first call leaves the window (60 s).
    expect(Number(refused.nextRetryDelay)).toBeGreaterThan(40_000);
    expect(Number(refused.nextRetryDelay)).toBeLessThanOrEqual(46_000);
    // Only the real call is counted: the hold is no call.
    expect(await calls(connectionId)).toBe(1);
  });

  it('after a minutely 429 (Exact), grants again at the minute\'s reset and the day window keeps all of its room', async () => {
    const connectionId = randomUUID();
    // Exact's shape, shortened: 2 per second (the "minute") and 5 per minute (the "day").
    const budget = createRequestBudget({ db: db.db, connectionId, windows: [{ limit: 2, windowMs: 1_000 }, { limit: 5, windowMs: 60_000 }], maxInlineWaitMs: 5_000 });
    await budget.beforeRequest({ method: 'GET', path: '/x' });
    // The vendor refused the next call: its minute resets in 300 ms.
    await budget.rateLimited(300);
    const started = Date.now();
    // The remaining four of the day's five all go out; the first only after the reset.
    for (let i = 0; i < 4; i++) await budget.beforeRequest({ method: 'GET', path: '/x' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await calls(connectionId)).toBe(5);
    // Now the day is used up, by real calls only.
    const refused = await budget.beforeRequest({ method: 'GET', path: '/x' }).catch((e: unknown) => e) as ApplicationFailure;
    expect(refused.type).toBe('RATE_LIMITED');
    expect(Number(refused.nextRetryDelay)).toBeGreaterThan(50_000);
  });

  it('gives the room of a call that never left (connection refused) back to the budget', async () => {
    const connectionId = randomUUID();
    const budget = createRequestBudget({ db: db.db, connectionId, windows: [{ limit: 1, windowMs: 60_000 }], maxInlineWaitMs: 100 });
    const http = createHttpClient({ vendor: 'moneybird', baseUrl: `http://127.0.0.1:${await closedPort()}`, headers: {}, budget });
    const error = await http.request({ method: 'POST', path: '/sales_invoices', body: {} }).catch((e: unknown) => e) as ConnectorError;
    expect(error.code).toBe('NETWORK');
    expect(error.details.ambiguous).toBe(false);
    // The vendor never counted it: the one call of the window is still free.
    expect(await calls(connectionId)).toBe(0);
    await budget.beforeRequest({ method: 'POST', path: '/sales_invoices' });
    expect(await calls(connectionId)).toBe(1);
  });

  it('keeps every window at once: the short one refills, the long one still refuses at its own limit', async () => {
    const connectionId = randomUUID();
    // A minute-and-day shape, shortened: 2 per 300 ms and 3 per minute.
    const budget = createRequestBudget({ db: db.db, connectionId, windows: [{ limit: 2, windowMs: 300 }, { limit: 3, windowMs: 60_000 }], maxInlineWaitMs: 2_000 });
    for (let i = 0; i < 3; i++) await budget.beforeRequest({ method: 'GET', path: '/x' });
    // The third call waited for the short window: never more than 2 inside 300 ms.
    const [burst] = await db.db.execute<{ n: number }>(sql`
      select max(c)::int as n from (select count(*) over (order by at range between interval '300 milliseconds' preceding and current row) as c
        from target_calls where connection_id = ${connectionId}) w`);
    expect(burst!.n).toBeLessThanOrEqual(2);
    const refused = await budget.beforeRequest({ method: 'GET', path: '/x' }).catch((e: unknown) => e) as ApplicationFailure;
    expect(refused.type).toBe('RATE_LIMITED');
    // The long window decides the wait: about a minute after the first call, not 300 ms.
    expect(Number(refused.nextRetryDelay)).toBeGreaterThan(55_000);
    expect(await calls(connectionId)).toBe(3);
  });

  it('dates a call at its answer, so a slow trip keeps it in the window until the vendor lets it go', async () => {
    const connectionId = randomUUID();
    const budget = createRequestBudget({ db: db.db, connectionId, windows: [{ limit: 5, windowMs: 60_000 }] });
    const ticket = await budget.beforeRequest({ method: 'POST', path: '/x' });
    const [reserved] = await db.db.execute<{ at: string }>(sql`select at::text from target_calls where connection_id = ${connectionId}`);
    // Postgres' clock has moved on after the reservation: the answer comes later than the reservation.
    await waitForClock(reserved!.at);
    await budget.afterRequest!(ticket, { sent: true });
    const [row] = await db.db.execute<{ later: boolean; n: number }>(sql`
      select bool_and(at > ${reserved!.at}::timestamptz) as later, count(*)::int as n from target_calls where connection_id = ${connectionId}`);
    expect(row).toEqual({ later: true, n: 1 });
  });

  async function waitForClock(after: string) {
    for (;;) {
      const [r] = await db.db.execute<{ passed: boolean }>(sql`select now() > ${after}::timestamptz + interval '5 milliseconds' as passed`);
      if (r!.passed) return;
    }
  }
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
