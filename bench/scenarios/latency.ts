import type { MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { percentile, progress, round, sleep, waitFor } from '../lib/log';
import type { BenchRuntime } from '../lib/runtime';
import { audit, closeShops, openShops, startSyncs } from '../lib/shops';

export interface LatencyOptions {
  apiUrl: string;
  taskQueue: string;
  orders: number;
  /** Orders created per second, spread over the shops. */
  ratePerSecond: number;
  shops: number;
  latencyMs: number;
  timeoutMs: number;
  /** The tenant syncs' poll interval; 30 s is the production default. */
  pollIntervalSeconds: number;
}

export interface LatencyResult {
  latency_p50_ms: number;
  latency_p99_ms: number;
  latency_p90_ms: number;
  latency_max_ms: number;
  /** The slowest orders: seconds after the first order was created, and their latency. */
  slowest: { at_s: number; ms: number }[];
  orders: number;
  rate_per_s: number;
  lost: number;
  duplicated: number;
  webhooks_failed: number;
}

/** Records when each reference's first invoice is committed in the ledger (the simulator stores it right before answering). */
function watchInvoices(moneybird: MoneybirdSimulator): Map<string, number> {
  const seen = new Map<string, number>();
  const invoices = moneybird.invoices;
  const original = invoices.set.bind(invoices);
  invoices.set = (key, value) => {
    if (!seen.has(value.reference)) seen.set(value.reference, performance.now());
    return original(key, value);
  };
  return seen;
}

/**
 * From an order's webhook to its invoice in the target: orders are created at a steady rate in shops whose
 * webhooks go to the real API route (HMAC-verified, then signalWithStart on the tenant sync), with
 * simulated vendor latency on both sides.
 */
export async function runLatency(rt: BenchRuntime, options: LatencyOptions): Promise<LatencyResult> {
  progress(`latency: ${options.orders} orders at ${options.ratePerSecond}/s over ${options.shops} shops, ${options.latencyMs} ms vendor latency`);
  const shops = await openShops(rt, { count: options.shops, initialOrders: 0, seed: 3_000, latencyMs: options.latencyMs });
  // Each shop numbers its orders from 1001, so references repeat across shops: one map per shop.
  const seen = shops.map((shop) => watchInvoices(shop.moneybird));
  try {
    for (const shop of shops) {
      shop.woo.setWebhook(`${options.apiUrl}/webhooks/woocommerce/${shop.tenant.sourceConnectionId}`, shop.tenant.webhookSecret);
    }
    // The syncs run already, as in production; polls are rare (30 s by default), so webhooks drive the work.
    await startSyncs(rt, shops, options.taskQueue, { concurrency: 20, pollIntervalSeconds: options.pollIntervalSeconds });
    await sleep(2_000);

    const createdAt = shops.map(() => new Map<string, number>());
    const started = performance.now();
    for (let i = 0; i < options.orders; i++) {
      const due = started + (i * 1000) / options.ratePerSecond;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const at = performance.now();
      const order = shops[i % shops.length]!.woo.createOrder(); // fires order.created at once
      createdAt[i % shops.length]!.set(order.number, at);
    }
    await waitFor(() => seen.reduce((n, m) => n + m.size, 0) >= options.orders, {
      timeoutMs: options.timeoutMs, intervalMs: 100, what: `${options.orders} invoices`,
    });

    const samples: { at: number; ms: number }[] = [];
    shops.forEach((_shop, s) => {
      for (const [reference, created] of createdAt[s]!) {
        const booked = seen[s]!.get(reference);
        if (booked !== undefined) samples.push({ at: created - started, ms: booked - created });
      }
    });
    const latencies = samples.map((x) => x.ms);
    const slowest = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 5).map((x) => ({ at_s: round(x.at / 1000), ms: round(x.ms, 0) }));
    const checked = await audit(rt, shops);
    const webhooksFailed = shops.reduce((n, s) => n + s.woo.webhooks.stats().failed, 0);
    return {
      latency_p50_ms: round(percentile(latencies, 50), 0),
      latency_p99_ms: round(percentile(latencies, 99), 0),
      latency_p90_ms: round(percentile(latencies, 90), 0),
      latency_max_ms: round(Math.max(...latencies), 0),
      slowest,
      orders: latencies.length,
      rate_per_s: options.ratePerSecond,
      lost: checked.lost,
      duplicated: checked.duplicated,
      webhooks_failed: webhooksFailed,
    };
  } finally {
    await closeShops(rt, shops);
  }
}
