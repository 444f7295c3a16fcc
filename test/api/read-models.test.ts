/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment -- tests read JSON response bodies (typed any in harness.ts); each assertion checks what it reads */
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi } from '../../api/server';
import { loadConfig } from '../../config';
import { saveCompletenessReport } from '../../db/queries/completeness';
import { saveJourneyStep } from '../../db/queries/sale-journeys';
import { saveSyncStatus } from '../../db/queries/sync-status';
import { accessAnalytics, syncedSales } from '../../db/schema';
import { saleWorkflowId, tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { apiDepsOf, composeProcess } from '../../worker/composition';
import { freePort } from '../global-setup';
import { plantSaleError } from './fixtures';
import { createHarness, type Harness } from './harness';

/**
 * The dashboard's reads come from the read models in Postgres: with Temporal unreachable, the sync status and a
 * finished sale's journey still answer in full, while what does need Temporal says so (503).
 */
describe('API reads from the read models, Temporal unreachable', () => {
  let h: Harness;
  let tenantId: string;
  let token: string;
  let opsToken: string;
  const runUrl = (workflowId: string, runId: string) => `http://localhost:8233/namespaces/default/workflows/${workflowId}/${runId}/history`;

  beforeAll(async () => {
    // Nothing listens on port 1: every Temporal call fails at once.
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    h = await createHarness({ deps: { temporal: unreachable, timeouts: { temporalQueryMs: 2_000 } } });
    tenantId = await h.createTenant();
    token = await h.login(await h.createUser('tenant', tenantId));
    opsToken = await h.login(await h.createUser('ops'));
  });
  afterAll(async () => {
    await h.close();
  });

  it('GET /sync answers with the status the sync last wrote and the latest completeness counts', async () => {
    const workflowId = tenantSyncWorkflowId(tenantId);
    await saveSyncStatus(h.db, {
      tenantId, workflowId, runId: 'run-7', writtenAt: '2026-11-30T10:00:05.250Z', state: 'paused',
      paused: { reason: 'stocktaking', by: 'merchant', since: '2026-11-30T09:00:00.000Z' },
      cursor: '2026-11-30T09:59:00.000Z', queued: 3, inFlight: 2, lastPollAt: '2026-11-30T10:00:00.000Z', lastPollError: null,
      nextPollAt: '2026-11-30T10:00:30.000Z', counts: { posted: 41, skippedDuplicate: 2, changedAfterPosting: 1, failed: 4 },
    });
    const counts = { shopOrders: 12, posted: 11, skipped: 0, failed: 0, missing: 1, shopRefunds: 3, credited: 0, refundsWaiting: 0, refundsMissing: 3 };
    await saveCompletenessReport(h.db, { tenantId, day: '2026-11-28', counts, missingOrders: ['A', 'B'], missingRefunds: [] });
    await saveCompletenessReport(h.db, { tenantId, day: '2026-11-29', counts, missingOrders: ['C'], missingRefunds: ['D-R1', 'E-R2', 'F-R3'] });

    const res = await h.request('GET', `/tenants/${tenantId}/sync`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenantId, state: 'paused', paused: { reason: 'stocktaking', by: 'merchant', since: '2026-11-30T09:00:00.000Z' },
      cursor: '2026-11-30T09:59:00.000Z', queued: 3, inFlight: 2, lastPollAt: '2026-11-30T10:00:00.000Z', lastPollError: null,
      nextPollAt: '2026-11-30T10:00:30.000Z', counts: { posted: 41, skippedDuplicate: 2, changedAfterPosting: 1, failed: 4 },
      run: { workflowId, runId: 'run-7', url: runUrl(workflowId, 'run-7') },
      asOf: '2026-11-30T10:00:05.250Z',
      completeness: { day: '2026-11-29', missingOrders: 1, missingRefunds: 3, checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
    });
  });

  it("GET /sales/:orderNumber tells a finished sale's journey: posted record, failed one's error (e-mail for the tenant only)", async () => {
    const posted = { externalId: '501', orderNumber: 'WC-501' };
    const workflowId = saleWorkflowId(tenantId, 'woocommerce', posted.externalId);
    await saveJourneyStep(h.db, { tenantId, source: 'woocommerce', externalId: posted.externalId, workflowId, runId: 'run-a', state: 'claimed', orderNumber: posted.orderNumber, pendingStep: 'pushInvoice' });
    await saveJourneyStep(h.db, { tenantId, source: 'woocommerce', externalId: posted.externalId, workflowId, runId: 'run-a', state: 'posted', targetDocumentId: 'mb-inv-501', closed: true });
    await h.db.insert(syncedSales).values({
      tenantId, source: 'woocommerce', externalId: posted.externalId, orderNumber: posted.orderNumber, state: 'posted',
      amountExclCents: 1000, amountInclCents: 1210, targetDocumentId: 'mb-inv-501', postedAt: new Date('2026-11-30T11:00:00Z'),
    });

    const res = await h.request('GET', `/tenants/${tenantId}/sales/${posted.orderNumber}`, { token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      orderNumber: 'WC-501', source: 'woocommerce', externalId: '501', state: 'posted', attempts: 1, lastError: null,
      targetDocumentId: 'mb-inv-501',
      posted: { state: 'posted', amountExclCents: 1000, amountInclCents: 1210, postedAt: '2026-11-30T11:00:00.000Z' },
      workflow: {
        workflowId, runId: 'run-a', status: 'COMPLETED', startedAt: expect.any(String), closedAt: expect.any(String),
        pendingActivity: null, url: runUrl(workflowId, 'run-a'),
      },
      errors: [],
    });

    const failedId = saleWorkflowId(tenantId, 'woocommerce', '502');
    await plantSaleError(h.db, { tenantId, externalId: '502', orderNumber: 'WC-502', email: 'jan@example.nl' });
    await saveJourneyStep(h.db, { tenantId, source: 'woocommerce', externalId: '502', workflowId: failedId, runId: 'run-b', state: 'failed', orderNumber: 'WC-502', lastErrorCode: 'INVALID_EMAIL', closed: true });
    const own = await h.request('GET', `/tenants/${tenantId}/sales/WC-502`, { token });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      state: 'failed', attempts: 1, lastError: { code: 'INVALID_EMAIL' }, targetDocumentId: null, posted: null,
      workflow: { workflowId: failedId, runId: 'run-b', status: 'FAILED', pendingActivity: null },
    });
    expect(own.body.lastError.message).toContain('jan@example.nl');
    expect(own.body.errors).toHaveLength(1);
    const ops = await h.request('GET', `/tenants/${tenantId}/sales/WC-502`, { token: opsToken });
    expect(ops.status).toBe(200);
    expect(ops.text).not.toContain('jan@example.nl');

    // A sale the read model does not know (from before it existed) is described by Temporal: here that fails.
    await h.db.insert(syncedSales).values({ tenantId, source: 'woocommerce', externalId: '400', orderNumber: 'WC-400', state: 'posted', postedAt: new Date() });
    const old = await h.request('GET', `/tenants/${tenantId}/sales/WC-400`, { token });
    expect(old.status).toBe(503);
  });

  it('pause, resume and sync-now need Temporal: 503 TEMPORAL_UNAVAILABLE, so the merchant knows to try again', async () => {
    for (const path of ['pause', 'resume', 'sync-now']) {
      const res = await h.request('POST', `/tenants/${tenantId}/sync/${path}`, { token, json: { reason: 'stocktaking' } });
      expect(res.status, path).toBe(503);
      expect(res.body.error.code).toBe('TEMPORAL_UNAVAILABLE');
    }
  });

  it('the server records every request in access analytics (written in batches, all there once it stops)', async () => {
    const key = Buffer.alloc(32, 3).toString('base64');
    const config = loadConfig({
      DOORZET_MASTER_KEY: key, DOORZET_CODEC_KEY: key, DATABASE_URL: h.database.url, TEMPORAL_ADDRESS: inject('temporalAddress'),
      API_PORT: String(await freePort()), LOG_LEVEL: 'silent',
    });
    const parts = await composeProcess({ ...config, DATABASE_URL: h.database.url, TEMPORAL_ADDRESS: inject('temporalAddress') });
    await h.db.delete(accessAnalytics);
    const api = await startApi(config, apiDepsOf(parts));
    try {
      const statuses: number[] = [];
      for (const path of ['/health', `/tenants/${tenantId}/sync`, '/no/such/route']) {
        const res = await fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 404]);
      // Same answers with no-store and nosniff, whichever way the response was built.
      const res = await fetch(`${api.url}/tenants/${tenantId}/sync`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      expect([res.headers.get('cache-control'), res.headers.get('x-content-type-options')]).toEqual(['no-store', 'nosniff']);
    } finally {
      await api.stop();
      await parts.close();
    }
    const rows = await h.db.select().from(accessAnalytics).orderBy(accessAnalytics.at);
    expect(rows.map((r) => [r.ipPrefix, r.method, r.route, r.status])).toEqual([
      ['127.0.0.0', 'GET', '/health', 200],
      ['127.0.0.0', 'GET', '/tenants/:tenantId/sync', 200],
      ['127.0.0.0', 'GET', '(unmatched)', 404],
      ['127.0.0.0', 'GET', '/tenants/:tenantId/sync', 200],
    ]);
  });
});
