/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any -- tests read JSON response bodies; each assertion checks what it reads */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDayTimerDeletions } from '../../db/queries/redaction-days';
import { listPendingDeletions } from '../../db/queries/retention-timers';
import { redactionDays, retentionTimers, saleErrors } from '../../db/schema';
import { errorRedactionDayWorkflowId } from '../../domain/workflow-ids';
import { createHarness, type Harness } from './harness';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Deletion { rule: string; subjectId: string; workflowId: string; dueAt: string }

/** Byte order, as the API sorts ids. */
const byteCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * GET /tenants/:id/deletions in pages, over real HTTP against real Postgres: a tenant with thousands of
 * pending deletions (credential and per-record timers, error records waiting for their day's timer, many due
 * in the same hour of the same day) is listed page by page, every row exactly once and in order.
 */
describe('API: pending deletions in keyset pages (real HTTP)', () => {
  let h: Harness;
  let server: ReturnType<typeof serve>;
  let base: string;
  let tenantId: string;
  let otherTenantId: string;
  let token: string;

  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, link: res.headers.get('link'), body: await res.json() as any };
  };

  /** What the tenant has pending, read the way the unpaged list read it: the oracle for the pages. */
  async function everyPending(): Promise<Deletion[]> {
    const timers = await listPendingDeletions(h.db, tenantId);
    const days = (await listDayTimerDeletions(h.db, tenantId)).map((d) => ({ rule: 'errorRecordRedaction', ...d }));
    return [...timers, ...days]
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || byteCompare(a.workflowId, b.workflowId) || byteCompare(a.subjectId, b.subjectId))
      .map((d) => ({ rule: d.rule, subjectId: d.subjectId, workflowId: d.workflowId, dueAt: d.dueAt.toISOString() }));
  }

  /** Follows `next` from the first page to the last. */
  async function walk(first: string): Promise<{ rows: Deletion[]; pages: number; sizes: number[] }> {
    const rows: Deletion[] = [];
    const sizes: number[] = [];
    let path: string | null = first;
    while (path) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      sizes.push(page.body.deletions.length);
      rows.push(...page.body.deletions.map((d: Deletion) => ({ rule: d.rule, subjectId: d.subjectId, workflowId: d.workflowId, dueAt: d.dueAt })));
      expect(page.body.next === null).toBe(page.body.nextCursor === null);
      // The Link header names the same next page.
      expect(page.link).toBe(page.body.next === null ? null : `<${page.body.next}>; rel="next"`);
      path = page.body.next;
    }
    return { rows, pages: sizes.length, sizes };
  }

  async function plantErrors(tenant: string, errors: { redactAt: Date; redacted?: boolean }[]) {
    const rows = errors.map((e, i) => ({
      tenantId: tenant, source: 'woocommerce', externalId: `o-${i}-${randomUUID().slice(0, 6)}`, orderNumber: `#${i}`, code: 'INVALID_EMAIL',
      cause: 'debtor-data', template: 'Order {orderNumber} cannot be posted: {summary}', params: { summary: 'x' }, pii: { email: `k${i}@example.test` },
      workflowId: 'wf', runId: 'run', occurredAt: new Date(e.redactAt.getTime() - 60 * DAY), redactAt: e.redactAt,
      redactedAt: e.redacted ? new Date() : null,
    }));
    const ids: string[] = [];
    for (let i = 0; i < rows.length; i += 1_000) {
      ids.push(...(await h.db.insert(saleErrors).values(rows.slice(i, i + 1_000)).returning({ id: saleErrors.id })).map((r) => r.id));
    }
    const days = [...new Set(errors.map((e) => e.redactAt.toISOString().slice(0, 10)))];
    await h.db.insert(redactionDays).values(days.map((dueDay) => ({ tenantId: tenant, dueDay, workflowId: errorRedactionDayWorkflowId(tenant, dueDay), startedAt: new Date() })))
      .onConflictDoNothing();
    return ids;
  }

  beforeAll(async () => {
    h = await createHarness();
    tenantId = await h.createTenant();
    otherTenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
    server = await new Promise((resolve) => {
      const s = serve({ fetch: h.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const start = Date.UTC(2027, 1, 1);
    // 2,400 error records over 40 days, 60 a day in 6 hours of the day: ten share each due hour (and day timer).
    const errors = Array.from({ length: 2_400 }, (_, i) => ({ redactAt: new Date(start + Math.floor(i / 60) * DAY + (i % 6) * HOUR + 1_234 + i) }));
    // On the hour, and either side of midnight: due at the same moment under two day timers (one sorts by workflow id).
    errors.push(...Array.from({ length: 6 }, () => ({ redactAt: new Date(start + 10 * DAY) })));
    errors.push(...Array.from({ length: 6 }, () => ({ redactAt: new Date(start + 10 * DAY - HOUR / 2) })));
    // Redacted records are not pending.
    errors.push(...Array.from({ length: 30 }, (_, i) => ({ redactAt: new Date(start + i * DAY + 5_000), redacted: true })));
    const ids = await plantErrors(tenantId, errors);
    // Records from before day timers keep a timer of their own: listed once, by that timer.
    const ownTimers = ids.slice(0, 25).map((id, i) => ({
      tenantId, rule: 'errorRecordRedaction', subjectId: id, workflowId: `error-redaction:${id}`, dueAt: new Date(start + (i % 5) * DAY + 1 * HOUR),
    }));
    await h.db.insert(retentionTimers).values([
      ...ownTimers,
      // Ties with the day timers' due hours, and a timer due at the same moment as another.
      { tenantId, rule: 'credentialDeletion', subjectId: tenantId, workflowId: `credential-retention:${tenantId}`, dueAt: new Date(start + 3 * DAY + HOUR) },
      { tenantId, rule: 'debugCopyDestruction', subjectId: 'copy-1', workflowId: `debug-copy:${randomUUID()}`, dueAt: new Date(start + 3 * DAY + HOUR) },
      { tenantId, rule: 'debugCopyDestruction', subjectId: 'copy-2', workflowId: `debug-copy:${randomUUID()}`, dueAt: new Date(start + 7 * DAY + 17) },
      // Not pending, or not this tenant's.
      { tenantId, rule: 'debugCopyDestruction', subjectId: 'copy-3', workflowId: `debug-copy:${randomUUID()}`, dueAt: new Date(start + 2 * DAY), state: 'done' },
      { tenantId, rule: 'errorRecordRedaction', subjectId: 'e-x', workflowId: `error-redaction:${randomUUID()}`, dueAt: new Date(start), state: 'cancelled' },
      { tenantId: otherTenantId, rule: 'credentialDeletion', subjectId: otherTenantId, workflowId: `credential-retention:${otherTenantId}`, dueAt: new Date(start) },
    ]);
    await plantErrors(otherTenantId, Array.from({ length: 50 }, (_, i) => ({ redactAt: new Date(start + i * HOUR) })));
  });

  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    h.expectNoSecretsLeaked();
    await h.close();
  });

  it('pages of the default size cover every pending deletion exactly once, soonest first', async () => {
    const expected = await everyPending();
    // 2,412 records, less the 25 with a timer of their own, plus 25 + 3 timers.
    expect(expected).toHaveLength(2_415);
    // The records due at midnight under two day timers: the earlier day's first.
    const midnight = expected.filter((d) => d.dueAt === new Date(Date.UTC(2027, 1, 11)).toISOString()).map((d) => d.workflowId.slice(-10));
    expect(midnight).toEqual([...Array(6).fill('2027-02-10'), ...Array(6).fill('2027-02-11')]);
    const first = await get(`/tenants/${tenantId}/deletions`);
    expect(first.body.limit).toBe(100);
    expect(first.body.deletions).toHaveLength(100);
    // The earlier fields are still there: the rules, and what each deletion removes.
    expect(first.body.rules.length).toBeGreaterThan(0);
    expect(first.body.deletions[0]).toMatchObject({ rule: 'errorRecordRedaction', data: expect.any(String), then: expect.any(String) });

    const { rows, pages, sizes } = await walk(`/tenants/${tenantId}/deletions`);
    expect(pages).toBe(25);
    expect(sizes.slice(0, -1).every((n) => n === 100)).toBe(true);
    expect(sizes.at(-1)).toBe(15);
    expect(rows).toEqual(expected);
    expect(new Set(rows.map((r) => `${r.workflowId}|${r.subjectId}`)).size).toBe(rows.length);
    // Nothing of the other tenant, nothing redacted or settled.
    expect(rows.some((r) => r.subjectId === otherTenantId || r.subjectId === 'copy-3' || r.subjectId === 'e-x')).toBe(false);
  });

  it('a small page size cuts through rows with the same due hour and day timer, and still covers each once', async () => {
    const expected = await everyPending();
    const { rows, sizes } = await walk(`/tenants/${tenantId}/deletions?limit=7`);
    expect(sizes.slice(0, -1).every((n) => n === 7)).toBe(true);
    expect(rows).toEqual(expected);
    const max = await walk(`/tenants/${tenantId}/deletions?limit=1000`);
    expect(max.sizes).toEqual([1_000, 1_000, 415]);
    expect(max.rows).toEqual(expected);
  });

  it('deletions registered while a client pages show up once when they sort after its place, never twice', async () => {
    const first = await get(`/tenants/${tenantId}/deletions?limit=50`);
    const cursor: string = first.body.nextCursor;
    const late = `debug-copy:${randomUUID()}`;
    await h.db.insert(retentionTimers).values([
      { tenantId, rule: 'debugCopyDestruction', subjectId: 'early', workflowId: `debug-copy:${randomUUID()}`, dueAt: new Date(Date.UTC(2026, 0, 1)) },
      { tenantId, rule: 'debugCopyDestruction', subjectId: 'late', workflowId: late, dueAt: new Date(Date.UTC(2030, 0, 1)) },
    ]);
    const { rows } = await walk(`/tenants/${tenantId}/deletions?limit=500&cursor=${cursor}`);
    const seen = [...first.body.deletions, ...rows].map((d: Deletion) => `${d.workflowId}|${d.subjectId}`);
    expect(new Set(seen).size).toBe(seen.length);
    expect(rows.filter((r) => r.workflowId === late)).toHaveLength(1);
    expect(rows.some((r) => r.subjectId === 'early')).toBe(false);
    expect(seen).toHaveLength(2_415 + 1);
  });

  it('a bad limit or cursor is a 400 naming the field, never a page', async () => {
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const cases: [string, string][] = [
      ['limit=0', 'limit'], ['limit=1001', 'limit'], ['limit=ten', 'limit'], ['limit=2.5', 'limit'], ['limit=-3', 'limit'],
      ['cursor=', 'cursor'], ['cursor=%21%21%21', 'cursor'], ['cursor=bm90LWpzb24', 'cursor'],
      [`cursor=${forged({ d: 'yesterday', w: 'x', s: 'y' })}`, 'cursor'],
      [`cursor=${forged({ d: '2027-01-01T00:00:00.000Z', w: 'x' })}`, 'cursor'],
      [`cursor=${forged({ d: '2027-01-01T00:00:00.000Z', w: 'x', s: 'y', sql: '1' })}`, 'cursor'],
      [`cursor=${'A'.repeat(600)}`, 'cursor'],
    ];
    for (const [query, field] of cases) {
      const res = await get(`/tenants/${tenantId}/deletions?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.body.error.code, query).toBe('VALIDATION');
      expect(res.body.error.fields.map((f: { path: string }) => f.path), query).toEqual([field]);
      expect(res.body.deletions, query).toBeUndefined();
    }
  });

  it('the OpenAPI document describes limit, cursor and the next page', async () => {
    const res = await fetch(`${base}/openapi.json`);
    const doc = await res.json() as any;
    const op = doc.paths['/tenants/{tenantId}/deletions'].get;
    const params = op.parameters.filter((p: { in: string }) => p.in === 'query');
    expect(params.map((p: { name: string }) => p.name).sort()).toEqual(['cursor', 'limit']);
    expect(params.find((p: { name: string }) => p.name === 'limit').schema).toMatchObject({ minimum: 1, maximum: 1_000, default: 100 });
    const body = op.responses['200'].content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['deletions', 'rules', 'limit', 'nextCursor', 'next']));
    expect(op.responses['400']).toBeDefined();
  });
});
