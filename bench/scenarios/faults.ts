import { sql } from 'drizzle-orm';
import type { WorkerProcess } from '../../test/support/worker-process';
import { progress, round, sleep } from '../lib/log';
import type { BenchRuntime } from '../lib/runtime';
import { audit, auditRefunds, closeShops, creditedCount, openShops, postedCount, refundCount, startSyncs } from '../lib/shops';
import { startBenchWorker } from '../lib/worker';

export interface FaultsOptions {
  taskQueue: string;
  tenants: number;
  ordersPerTenant: number;
  concurrency: number;
  latencyMs: number;
  timeoutMs: number;
  /** Called with every worker pid, for CPU accounting. */
  onWorker?: (worker: WorkerProcess) => void;
}

type Fault = 'worker-kill' | 'temporal-restart' | 'postgres-restart';

/** At which share of posted sales each fault strikes: five worker kills, one Temporal and one Postgres restart. */
const PLAN: { at: number; fault: Fault }[] = [
  { at: 0.05, fault: 'worker-kill' },
  { at: 0.15, fault: 'worker-kill' },
  { at: 0.25, fault: 'temporal-restart' },
  { at: 0.35, fault: 'worker-kill' },
  { at: 0.45, fault: 'postgres-restart' },
  { at: 0.55, fault: 'worker-kill' },
  { at: 0.7, fault: 'worker-kill' },
];

async function identityOf(rt: BenchRuntime, fault: Fault, worker: WorkerProcess | null): Promise<string> {
  try {
    if (fault === 'worker-kill') return String(worker?.pid ?? '');
    if (fault === 'temporal-restart') {
      await rt.client.workflowService.getSystemInfo({}); // answers again
      return String(rt.temporalPid() ?? '');
    }
    const [row] = await rt.db.execute<{ started: string }>(sql`select pg_postmaster_start_time()::text as started`);
    return row?.started ?? '';
  } catch {
    return '';
  }
}

export interface FaultsResult {
  lost: number;
  duplicated: number;
  wrong_totals: number;
  unposted: number;
  drain_s: number;
  drained: boolean;
  orders: number;
  worker_kills: number;
  temporal_restarts: number;
  postgres_restarts: number;
  /** Worker exits nobody asked for (the supervisor started it again). */
  worker_unplanned_exits: number;
  /** Seconds each fault took to inject (restart until ready). */
  fault_log: { fault: Fault; at_s: number; posted: number; took_s: number; verified: boolean }[];
  /** The refunds of the drill against the ledgers: one credit note each, for the amount refunded. */
  credit_notes: { refunds: number; lost: number; duplicated: number; wrong_totals: number };
}

/**
 * The fault drill: a 2,000-order sync over several tenants while the worker is SIGKILLed five times (and
 * started again), the Temporal dev server is restarted once (same SQLite file, same port) and Postgres once
 * (same data directory, same port). A supervisor restarts a worker that exits on its own, as systemd or
 * Kubernetes would. Afterwards every order is checked against the ledgers.
 */
export async function runFaults(rt: BenchRuntime, options: FaultsOptions): Promise<FaultsResult> {
  const total = options.tenants * options.ordersPerTenant;
  progress(`faults: ${total} orders over ${options.tenants} shops, ${options.latencyMs} ms vendor latency`);
  // One order in ten is refunded before the sync starts (partial, shipping-only, full in turn).
  const shops = await openShops(rt, { count: options.tenants, initialOrders: options.ordersPerTenant, seed: 6_000, latencyMs: options.latencyMs, refundShare: 0.1 });
  const refunds = refundCount(shops);
  progress(`faults: ${refunds} refunds among them`);
  const current: { worker: WorkerProcess | null } = { worker: null };
  let planned = false;
  let unplanned = 0;
  let supervising = true;
  const start = async () => {
    const w = await startBenchWorker(rt, { taskQueue: options.taskQueue });
    options.onWorker?.(w);
    current.worker = w;
    void w.exited.then(async () => {
      if (!supervising || planned || current.worker !== w) return;
      unplanned++;
      progress(`faults: the worker exited on its own (${w.output().slice(-3).join(' | ').slice(0, 300)}); restarting it`);
      await sleep(1_000);
      if (supervising && current.worker === w) await start().catch((e: unknown) => progress(`faults: restart failed: ${String(e)}`));
    });
  };
  const counts = { 'worker-kill': 0, 'temporal-restart': 0, 'postgres-restart': 0 };
  const faultLog: FaultsResult['fault_log'] = [];
  try {
    await start();
    const started = Date.now();
    await startSyncs(rt, shops, options.taskQueue, { concurrency: options.concurrency, pollIntervalSeconds: 10 });
    const plan = [...PLAN];
    let posted = 0;
    let credited = 0;
    let drained = false;
    let lastReport = 0;
    while (Date.now() - started < options.timeoutMs) {
      posted = await postedCount(rt, shops).catch(() => posted); // Postgres may be down for a moment
      credited = await creditedCount(rt, shops).catch(() => credited);
      if (posted >= total && credited >= refunds) {
        drained = true;
        break;
      }
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        progress(`faults: ${posted}/${total} posted, ${credited}/${refunds} credited`);
      }
      const step = plan[0];
      if (step && posted >= step.at * total) {
        plan.shift();
        const t0 = Date.now();
        progress(`faults: ${step.fault} at ${posted}/${total} posted`);
        const identity = () => identityOf(rt, step.fault, current.worker);
        const before = await identity();
        if (step.fault === 'worker-kill') {
          planned = true;
          await current.worker?.kill('SIGKILL');
          planned = false;
          await start();
        } else if (step.fault === 'temporal-restart') {
          await rt.restartTemporal();
        } else {
          await rt.restartPostgres();
        }
        counts[step.fault]++;
        // A restart really happened: another worker pid, another Temporal start time, another postmaster start time.
        const after = await identity();
        faultLog.push({ fault: step.fault, at_s: round((t0 - started) / 1000), posted, took_s: round((Date.now() - t0) / 1000), verified: before !== after && after !== '' });
      }
      await sleep(500);
    }
    const drainS = (Date.now() - started) / 1000;
    await sleep(1_000);
    const checked = await audit(rt, shops);
    const creditNotes = auditRefunds(shops);
    return {
      lost: checked.lost,
      duplicated: checked.duplicated,
      wrong_totals: checked.wrongTotals,
      unposted: checked.unposted,
      drain_s: round(drainS),
      drained,
      orders: total,
      worker_kills: counts['worker-kill'],
      temporal_restarts: counts['temporal-restart'],
      postgres_restarts: counts['postgres-restart'],
      worker_unplanned_exits: unplanned,
      fault_log: faultLog,
      credit_notes: { refunds: creditNotes.refunds, lost: creditNotes.lost, duplicated: creditNotes.duplicated, wrong_totals: creditNotes.wrongTotals },
    };
  } finally {
    supervising = false;
    await current.worker?.kill('SIGKILL');
    await closeShops(rt, shops);
  }
}
