import { progress, round, waitFor } from '../lib/log';
import type { BenchRuntime } from '../lib/runtime';
import { audit, closeShops, openShops, postedCount, startSyncs, type RateLimit } from '../lib/shops';

export interface RateLimitOptions {
  taskQueue: string;
  orders: number;
  /** Moneybird's shape with the window shortened: in the simulator and in the connection's settings alike. */
  rateLimit: RateLimit;
  concurrency: number;
  timeoutMs: number;
  /** Distinct per run, so two runs in one bench do not share simulators' ids. */
  seed: number;
  /**
   * Measure this long from the first request instead of until the backlog is drained (the backlog is
   * sized to outlast it): e.g. Moneybird's real 5-minute window over 20 minutes.
   */
  measureMs?: number;
}

export interface RateLimitResult {
  rate_limit_utilisation: number;
  /** Non-429 calls per whole vendor window from the first request, over the limit (the mean of `by_window`). */
  rate_limit_utilisation_windows: number;
  /** Each whole window's non-429 calls over the limit, in order (the last one cut off by the drain is left out). */
  utilisation_by_window: number[];
  rate_limit_429s: number;
  /** 429s after the simulator's first window: the steady state. */
  rate_limit_429s_steady: number;
  calls_per_sale: number;
  calls_per_sale_new_debtor: number;
  calls_per_sale_repeat_debtor: number;
  achieved_rps: number;
  allowed_rps: number;
  drain_s: number;
  orders: number;
  new_debtor_orders: number;
  repeat_debtor_orders: number;
  window_ms: number;
  concurrency: number;
  calls_by_endpoint: Record<string, number>;
  posted: number;
  lost: number;
  duplicated: number;
}


const isContactCall = (endpoint: string) => / contacts/.test(endpoint);
const isInvoiceCall = (endpoint: string) => / sales_invoices/.test(endpoint);

/**
 * A 1,000-order backlog for one tenant against Moneybird's limit shape. Even orders, and odd ones before
 * the lag, are new debtors (own customer id and e-mail); every other odd order repeats the debtor of the
 * (even) order `lag` places before it, where lag = 4 x concurrency + 1, so that debtor is mapped by then.
 * Achieved request rate over the drain (first to last request), against the allowed rate.
 */
export async function runRateLimit(rt: BenchRuntime, options: RateLimitOptions): Promise<RateLimitResult> {
  progress(`rate limit (seed ${options.seed}): ${options.orders} orders, one tenant, ${options.rateLimit.limit} requests per ${options.rateLimit.windowMs} ms`);
  const shops = await openShops(rt, { count: 1, initialOrders: 0, seed: options.seed, rateLimit: options.rateLimit });
  const shop = shops[0]!;
  try {
    const lag = 4 * options.concurrency + 1; // odd, so i - lag is an even (new-debtor) order
    const debtorOf: number[] = [];
    let newDebtors = 0;
    for (let i = 0; i < options.orders; i++) {
      const repeat = i % 2 === 1 && i >= lag;
      const debtor = repeat ? debtorOf[i - lag]! : newDebtors++;
      debtorOf.push(debtor);
      const order = shop.woo.createOrder();
      shop.woo.orders.set(order.id, {
        ...order,
        customer_id: 50_000 + debtor,
        billing: { ...order.billing, email: `debiteur${debtor}@example.nl` },
      });
    }
    const repeats = options.orders - newDebtors;
    const log = shop.moneybird.requestLog;
    const measuredUntil = () => (options.measureMs !== undefined && log.length > 0 ? log[0]!.at + options.measureMs : Infinity);

    await startSyncs(rt, shops, options.taskQueue, { concurrency: options.concurrency, pollIntervalSeconds: 60 });
    let lastReport = Date.now();
    await waitFor(async () => {
      const n = await postedCount(rt, shops);
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        progress(`rate limit: ${n}/${options.orders} posted, ${shop.moneybird.counters.requests} requests, ${shop.moneybird.counters.rateLimited} 429s`);
      }
      return n >= options.orders || Date.now() >= measuredUntil();
    }, { timeoutMs: options.timeoutMs, intervalMs: 500, what: `${options.orders} posted sales` });

    const first = log[0]!.at;
    const until = measuredUntil();
    const measured = log.filter((r) => r.at < until);
    const last = measured[measured.length - 1]!.at;
    const drain = (last - first) / 1000;
    const ok = measured.filter((r) => r.status !== 429).length;
    const steady429 = measured.filter((r) => r.status === 429 && r.at >= first + options.rateLimit.windowMs).length;
    const allowed = options.rateLimit.limit / (options.rateLimit.windowMs / 1000);
    const achieved = ok / drain;
    // Whole windows from the first request: with a backlog waiting, each should carry the full limit.
    const windowMs = options.rateLimit.windowMs;
    const wholeWindows = Math.floor(((until === Infinity ? last : until) - first) / windowMs);
    const byWindow = Array.from({ length: wholeWindows }, (_, i) => measured
      .filter((r) => r.status !== 429 && r.at >= first + i * windowMs && r.at < first + (i + 1) * windowMs).length / options.rateLimit.limit);

    const byEndpoint = shop.moneybird.counters.byEndpoint;
    const sum = (pick: (e: string) => boolean) => Object.entries(byEndpoint).filter(([e]) => pick(e)).reduce((n, [, c]) => n + c, 0);
    const contactCalls = sum(isContactCall);
    const invoiceCalls = sum(isInvoiceCall);
    const overhead = shop.moneybird.counters.requests - contactCalls - invoiceCalls; // tax rates, read once per worker
    const checked = await audit(rt, shops);
    const posted = await postedCount(rt, shops);
    return {
      rate_limit_utilisation: round(achieved / allowed, 3),
      rate_limit_utilisation_windows: byWindow.length ? round(byWindow.reduce((a, b) => a + b, 0) / byWindow.length, 3) : 0,
      utilisation_by_window: byWindow.map((u) => round(u, 3)),
      rate_limit_429s: shop.moneybird.counters.rateLimited,
      rate_limit_429s_steady: steady429,
      calls_per_sale: round(shop.moneybird.counters.requests / Math.max(1, options.measureMs !== undefined ? posted : options.orders), 3),
      // Contact calls belong to the sales that met their debtor first; invoice calls and overhead are per sale.
      calls_per_sale_new_debtor: round(contactCalls / newDebtors + (invoiceCalls + overhead) / options.orders, 3),
      calls_per_sale_repeat_debtor: round((invoiceCalls + overhead) / options.orders, 3),
      achieved_rps: round(achieved, 2),
      allowed_rps: round(allowed, 2),
      drain_s: round(drain),
      orders: options.orders,
      new_debtor_orders: newDebtors,
      repeat_debtor_orders: repeats,
      window_ms: options.rateLimit.windowMs,
      concurrency: options.concurrency,
      calls_by_endpoint: { ...byEndpoint },
      posted,
      // A measured run stops with part of the backlog waiting: only a doubled invoice counts then.
      lost: options.measureMs !== undefined ? 0 : checked.lost,
      duplicated: checked.duplicated,
    };
  } finally {
    await closeShops(rt, shops);
  }
}
