import { saleWorkflowId, tenantSyncWorkflowId } from '../../domain/workflow-ids';
import type { WorkerProcess } from '../../test/support/worker-process';
import { actionsOf, allRunsProfile } from '../lib/actions';
import { historyProfile } from '../lib/history';
import { progress, round, sleep, waitFor } from '../lib/log';
import { cpuBetween, snapshotCpu, type Classifier } from '../lib/procs';
import type { BenchRuntime } from '../lib/runtime';
import { audit, closeShops, lastPostedAt, openShops, postedCount, startSyncs } from '../lib/shops';

export interface ThroughputOptions {
  tenants: number;
  ordersPerTenant: number;
  /** Sale workflows per tenant at once (the tenant sync's `concurrency`). */
  concurrency: number;
  taskQueue: string;
  worker: WorkerProcess;
  classify: Classifier;
  timeoutMs: number;
  /** Runs once the worker is busy (a tenth posted), while the backlog drains: e.g. the API load. */
  whileBusy?: () => Promise<unknown>;
}

export interface ThroughputResult {
  orders_per_s: number;
  orders: number;
  elapsed_s: number;
  worker_rss_mb: number;
  lost: number;
  duplicated: number;
  cpu_s: ReturnType<typeof cpuBetween>;
  /** Posted sales per second, per 5 s slice: shows ramp-up and tail. */
  timeline: number[];
  /** One sale workflow's history: events, workflow tasks, activities. */
  sale_history: Awaited<ReturnType<typeof historyProfile>>;
  /** A sample of sale histories plus every tenant sync run, per sale: what one sale costs the server. */
  history_events_per_sale: number;
  temporal_actions_per_sale: number;
  actions_by_kind_per_sale: Record<string, number>;
  server_cpu_ms_per_sale: number;
  worker_cpu_ms_per_sale: number;
  postgres_cpu_ms_per_sale: number;
  /** Posted when `whileBusy` started and ended: the worker was busy throughout if the end is below `orders`. */
  while_busy: { posted_at_start: number; posted_at_end: number } | null;
}

const HISTORY_SAMPLE = 20;

/** 2,000 orders over 20 tenants as a backlog, every tenant sync started at once; from start to the last posted row. */
export async function runThroughput(rt: BenchRuntime, options: ThroughputOptions): Promise<ThroughputResult> {
  const total = options.tenants * options.ordersPerTenant;
  progress(`throughput: opening ${options.tenants} shops with ${options.ordersPerTenant} orders each`);
  const shops = await openShops(rt, { count: options.tenants, initialOrders: options.ordersPerTenant, seed: 1_000 });
  try {
    const before = snapshotCpu(options.classify);
    const started = Date.now();
    await startSyncs(rt, shops, options.taskQueue, { concurrency: options.concurrency, pollIntervalSeconds: 60 });
    const timeline: number[] = [];
    let last = 0;
    let lastSlice = Date.now();
    let busy: Promise<{ posted_at_start: number; posted_at_end: number }> | null = null;
    await waitFor(async () => {
      const n = await postedCount(rt, shops);
      if (!busy && options.whileBusy && n >= total / 10) {
        const whileBusy = options.whileBusy;
        busy = whileBusy().then(async () => ({ posted_at_start: n, posted_at_end: await postedCount(rt, shops) }));
      }
      if (Date.now() - lastSlice >= 5_000) {
        timeline.push(round((n - last) / ((Date.now() - lastSlice) / 1000)));
        progress(`throughput: ${n}/${total} posted`);
        last = n;
        lastSlice = Date.now();
      }
      return n >= total;
    }, { timeoutMs: options.timeoutMs, intervalMs: 250, what: `${total} posted sales` });
    const after = snapshotCpu(options.classify);
    const end = await lastPostedAt(rt, shops);
    const elapsed = (end - started) / 1000;
    const whileBusy = busy ? await (busy as Promise<{ posted_at_start: number; posted_at_end: number }>) : null;
    await sleep(500);
    const checked = await audit(rt, shops);
    const sample = shops[0]!;
    const saleHistory = await historyProfile(rt.client, saleWorkflowId(sample.tenant.tenantId, 'woocommerce', String([...sample.woo.orders.keys()][0])));
    // Sales sampled across the shops, and every run of every tenant sync shared out over all sales.
    const sampleIds = Array.from({ length: Math.min(HISTORY_SAMPLE, total) }, (_, i) => {
      const shop = shops[i % shops.length]!;
      const ids = [...shop.woo.orders.keys()];
      return saleWorkflowId(shop.tenant.tenantId, 'woocommerce', String(ids[Math.floor(i / shops.length) * 7 % ids.length]));
    });
    let saleEvents = 0;
    let saleActions = 0;
    const kinds: Record<string, number> = {};
    for (const id of sampleIds) {
      const events = (await rt.client.workflow.getHandle(id).fetchHistory()).events ?? [];
      const counted = actionsOf(events);
      saleEvents += events.length;
      saleActions += counted.actions;
      for (const [k, n] of Object.entries(counted.byKind)) kinds[k] = (kinds[k] ?? 0) + n / sampleIds.length;
    }
    const syncs = { events: 0, actions: 0 };
    for (const shop of shops) {
      const p = await allRunsProfile(rt.client, tenantSyncWorkflowId(shop.tenant.tenantId));
      syncs.events += p.events;
      syncs.actions += p.actions;
      for (const [k, n] of Object.entries(p.byKind)) kinds[`sync_${k}`] = (kinds[`sync_${k}`] ?? 0) + n / total;
    }
    const cpu = cpuBetween(before, after);
    const perSale = (s: number) => round((s * 1000) / total, 1);
    return {
      orders_per_s: round(total / elapsed),
      orders: total,
      elapsed_s: round(elapsed),
      worker_rss_mb: round(options.worker.peakRssMb()),
      lost: checked.lost,
      duplicated: checked.duplicated,
      cpu_s: cpu,
      timeline,
      sale_history: saleHistory,
      history_events_per_sale: round(saleEvents / sampleIds.length + syncs.events / total, 1),
      temporal_actions_per_sale: round(saleActions / sampleIds.length + syncs.actions / total, 2),
      actions_by_kind_per_sale: Object.fromEntries(Object.entries(kinds).map(([k, n]) => [k, round(n, 2)])),
      server_cpu_ms_per_sale: perSale(cpu.temporal),
      worker_cpu_ms_per_sale: perSale(cpu.worker),
      postgres_cpu_ms_per_sale: perSale(cpu.postgres),
      while_busy: whileBusy,
    };
  } finally {
    await closeShops(rt, shops);
  }
}
