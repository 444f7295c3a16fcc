import { saleWorkflowId } from '../../domain/workflow-ids';
import type { WorkerProcess } from '../../test/support/worker-process';
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
}

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
    await waitFor(async () => {
      const n = await postedCount(rt, shops);
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
    await sleep(500);
    const checked = await audit(rt, shops);
    const sample = shops[0]!;
    const saleHistory = await historyProfile(rt.client, saleWorkflowId(sample.tenant.tenantId, 'woocommerce', String([...sample.woo.orders.keys()][0])));
    return {
      orders_per_s: round(total / elapsed),
      orders: total,
      elapsed_s: round(elapsed),
      worker_rss_mb: round(options.worker.peakRssMb()),
      lost: checked.lost,
      duplicated: checked.duplicated,
      cpu_s: cpuBetween(before, after),
      timeline,
      sale_history: saleHistory,
    };
  } finally {
    await closeShops(rt, shops);
  }
}
