import { hashToken, newAccountKey, newSessionToken } from '../../crypto/tokens';
import { findSessionUser } from '../../db/queries/sessions';
import { findSaleJourney } from '../../db/queries/sale-journeys';
import { getSyncStatus } from '../../db/queries/sync-status';
import { getSyncedSale } from '../../db/queries/synced-sales';
import { saleWorkflowId, tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { saleProgressQuery, syncStatusQuery } from '../../workflows/definitions';
import { insertSession } from '../../db/queries/sessions';
import { insertUser } from '../../db/queries/users';
import { runLoadProcess } from '../lib/api-load';
import { percentile, progress, round, waitFor } from '../lib/log';
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
  /** p99 of how late the load generator sent against its schedule (its own slowness, not the API's). */
  sender_lag_p99_ms: number;
  /** Keep-alive connections the generator opened. */
  connections: number;
  /** CPU of the API process per request during the load (`cpu_s.api` / requests). */
  api_cpu_ms_per_request: number;
  /** Median ms of each step the two routes take, called one at a time from the bench process before the load. */
  breakdown_ms: Record<string, number>;
  /** CPU during the load: the API process (`api`), the load generator (`loadgen`), the bench process with the simulators (`bench`). */
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

/** Keep-alive connections from the load generator: a few dashboards' worth; more requests wait in its queue. */
const CONNECTIONS = 32;

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
 * slow the sender down), as merchants' dashboards would, with a real session token of a tenant user. The load
 * comes from its own process (bench/api-load/main.ts) over a pool of keep-alive connections.
 */
export async function loadApi(target: ApiTarget, options: { ratePerSecond: number; durationMs: number; classify: Classifier; connections?: number }): Promise<ApiResult> {
  const { apiUrl, tenantId, headers, numbers } = target;
  progress(`api: ${options.ratePerSecond} requests/s for ${options.durationMs / 1000} s`);
  const paths = numbers.flatMap((n) => [{ kind: 'sync_status', path: `/tenants/${tenantId}/sync` }, { kind: 'sale_lookup', path: `/tenants/${tenantId}/sales/${n}` }]);
  let cpuBefore = snapshotCpu(options.classify);
  const load = await runLoadProcess({
    baseUrl: apiUrl, headers, paths, ratePerSecond: options.ratePerSecond, durationMs: options.durationMs,
    connections: options.connections ?? CONNECTIONS, timeoutMs: 30_000,
  }, { onStarted: () => (cpuBefore = snapshotCpu(options.classify)) });
  const cpu = cpuBetween(cpuBefore, snapshotCpu(options.classify));
  // The generator has exited by now, so its ticks landed in `other`: it reports its own.
  cpu.loadgen = load.cpu_s;
  cpu.other = round(Math.max(0, cpu.other - load.cpu_s));
  return {
    api_p50_ms: load.p50_ms,
    api_p99_ms: load.p99_ms,
    api_max_ms: load.max_ms,
    requests: load.requests,
    achieved_rps: load.achieved_rps,
    errors: load.errors,
    sync_status_p99_ms: load.by_kind_p99_ms.sync_status ?? Number.NaN,
    sale_lookup_p99_ms: load.by_kind_p99_ms.sale_lookup ?? Number.NaN,
    status_codes: load.status_codes,
    sender_lag_p99_ms: load.sender_lag_p99_ms,
    connections: load.connections_opened,
    api_cpu_ms_per_request: round((cpu.api * 1000) / load.requests, 2),
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
