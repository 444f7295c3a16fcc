import { hashToken, newAccountKey, newSessionToken } from '../../crypto/tokens';
import { findSessionUser } from '../../db/queries/sessions';
import { findSaleJourney } from '../../db/queries/sale-journeys';
import { getSyncStatus } from '../../db/queries/sync-status';
import { getSyncedSale } from '../../db/queries/synced-sales';
import { saleWorkflowId, tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { saleProgressQuery, syncStatusQuery } from '../../workflows/definitions';
import { insertSession } from '../../db/queries/sessions';
import { insertUser } from '../../db/queries/users';
import { percentile, progress, round, sleep, waitFor } from '../lib/log';
import { cpuBetween, snapshotCpu, type Classifier } from '../lib/procs';
import type { BenchRuntime } from '../lib/runtime';
import { closeShops, openShops, postedCount, startSyncs } from '../lib/shops';

export interface ApiOptions {
  apiUrl: string;
  taskQueue: string;
  ratePerSecond: number;
  durationMs: number;
  /** Posted sales to look up. */
  orders: number;
  timeoutMs: number;
  classify: Classifier;
}

export interface ApiResult {
  api_p50_ms: number;
  api_p99_ms: number;
  api_max_ms: number;
  requests: number;
  achieved_rps: number;
  errors: number;
  sync_status_p99_ms: number;
  sale_lookup_p99_ms: number;
  status_codes: Record<string, number>;
  /** Median ms of each step the two routes take, called one at a time from the bench process before the load. */
  breakdown_ms: Record<string, number>;
  /** CPU during the load; the API runs in the bench process (`bench`), next to the load generator and simulators. */
  cpu_s: ReturnType<typeof cpuBetween>;
}

const PROBES = 20;

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return round(percentile(times, 50), 2);
}

const MAX_OUTSTANDING = 2_000;

/** A tenant with posted sales and a logged-in tenant user, for the API load. */
export interface ApiTarget {
  apiUrl: string;
  tenantId: string;
  headers: Record<string, string>;
  numbers: string[];
  /** Median ms of each step the two routes take, called one at a time before any load. */
  breakdown_ms: Record<string, number>;
  close(): Promise<void>;
}

export async function prepareApi(rt: BenchRuntime, options: Pick<ApiOptions, 'apiUrl' | 'taskQueue' | 'orders' | 'timeoutMs'> & { seed?: number }): Promise<ApiTarget> {
  progress(`api: preparing a tenant with ${options.orders} posted sales`);
  const shops = await openShops(rt, { count: 1, initialOrders: options.orders, seed: options.seed ?? 5_000 });
  const shop = shops[0]!;
  try {
    await startSyncs(rt, shops, options.taskQueue, { concurrency: 20, pollIntervalSeconds: 30 });
    await waitFor(async () => (await postedCount(rt, shops)) >= options.orders, { timeoutMs: options.timeoutMs, intervalMs: 250, what: 'posted sales for the API scenario' });

    const user = await insertUser(rt.db, {
      email: `bench-${shop.tenant.tenantId.slice(0, 8)}@doorzet.test`, accountKey: await newAccountKey(),
      passwordHash: 'sessions-are-inserted-directly', role: 'tenant', tenantId: shop.tenant.tenantId,
    });
    const token = await newSessionToken();
    await insertSession(rt.db, { tokenHash: await hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + 3_600_000) });
    const headers = { authorization: `Bearer ${token}` };
    const numbers = [...shop.woo.orders.values()].map((o) => o.number);
    const tenantId = shop.tenant.tenantId;

    // Warm-up: one of each, so connection set-up is not in the figures.
    for (const path of [`/tenants/${tenantId}/sync`, `/tenants/${tenantId}/sales/${numbers[0]}`]) {
      const res = await fetch(`${options.apiUrl}${path}`, { headers });
      if (res.status !== 200) throw new Error(`api warm-up: ${path} answered ${res.status}: ${await res.text()}`);
    }

    // Where a request's time goes: the steps of the two routes one by one, unloaded.
    const tokenHash = await hashToken(token);
    const externalId = String([...shop.woo.orders.keys()][0]);
    const breakdown: Record<string, number> = {
      http_sync_status: await median(() => fetch(`${options.apiUrl}/tenants/${tenantId}/sync`, { headers }).then((r) => r.arrayBuffer())),
      http_sale_lookup: await median(() => fetch(`${options.apiUrl}/tenants/${tenantId}/sales/${numbers[0]}`, { headers }).then((r) => r.arrayBuffer())),
      db_session_lookup: await median(() => findSessionUser(rt.db, tokenHash, new Date())),
      db_synced_sale: await median(() => getSyncedSale(rt.db, { tenantId, source: 'woocommerce', externalId })),
      db_sync_status: await median(() => getSyncStatus(rt.db, tenantId)),
      db_sale_journey: await median(() => findSaleJourney(rt.db, tenantId, numbers[0]!)),
      // What the routes asked before the read models, for comparison (the routes no longer do this).
      temporal_query_sync_status: await median(() => rt.client.workflow.getHandle(tenantSyncWorkflowId(tenantId)).query(syncStatusQuery)),
      temporal_query_closed_sale: await median(() => rt.client.workflow.getHandle(saleWorkflowId(tenantId, 'woocommerce', externalId)).query(saleProgressQuery)),
    };
    progress(`api: unloaded breakdown (median ms) ${JSON.stringify(breakdown)}`);
    return { apiUrl: options.apiUrl, tenantId, headers, numbers, breakdown_ms: breakdown, close: () => closeShops(rt, shops) };
  } catch (error) {
    await closeShops(rt, shops);
    throw error;
  }
}

/**
 * Status and sale look-ups against the API over real HTTP, open loop at a fixed rate (a slow answer does not
 * slow the sender down), as a merchant's dashboard would, with a real session token of a tenant user.
 */
export async function loadApi(target: ApiTarget, options: { ratePerSecond: number; durationMs: number; classify: Classifier }): Promise<ApiResult> {
  const { apiUrl, tenantId, headers, numbers } = target;
  progress(`api: ${options.ratePerSecond} requests/s for ${options.durationMs / 1000} s`);
  const status: number[] = [];
  const lookup: number[] = [];
  const codes: Record<string, number> = {};
  let errors = 0;
  let outstanding = 0;
  const pending: Promise<void>[] = [];
  const total = Math.round((options.ratePerSecond * options.durationMs) / 1000);
  const cpuBefore = snapshotCpu(options.classify);
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (outstanding >= MAX_OUTSTANDING) {
      errors++;
      continue;
    }
    const isStatus = i % 2 === 0;
    const path = isStatus ? `/tenants/${tenantId}/sync` : `/tenants/${tenantId}/sales/${numbers[i % numbers.length]}`;
    outstanding++;
    const sent = performance.now();
    pending.push(fetch(`${apiUrl}${path}`, { headers, signal: AbortSignal.timeout(30_000) })
      .then(async (res) => {
        await res.arrayBuffer();
        codes[res.status] = (codes[res.status] ?? 0) + 1;
        if (res.status !== 200) errors++;
        (isStatus ? status : lookup).push(performance.now() - sent);
      })
      .catch(() => {
        errors++;
        codes.network = (codes.network ?? 0) + 1;
      })
      .finally(() => outstanding--));
  }
  const sendEnd = performance.now();
  await Promise.all(pending);
  const cpu = cpuBetween(cpuBefore, snapshotCpu(options.classify));
  const all = [...status, ...lookup];
  return {
    api_p50_ms: round(percentile(all, 50)),
    api_p99_ms: round(percentile(all, 99)),
    api_max_ms: round(Math.max(...all)),
    requests: total,
    achieved_rps: round(total / ((sendEnd - started) / 1000)),
    errors,
    sync_status_p99_ms: round(percentile(status, 99)),
    sale_lookup_p99_ms: round(percentile(lookup, 99)),
    status_codes: codes,
    breakdown_ms: target.breakdown_ms,
    cpu_s: cpu,
  };
}

/** The API load on an otherwise idle platform: one tenant prepared, then the load. */
export async function runApi(rt: BenchRuntime, options: ApiOptions): Promise<ApiResult> {
  const target = await prepareApi(rt, options);
  try {
    return await loadApi(target, options);
  } finally {
    await target.close();
  }
}
