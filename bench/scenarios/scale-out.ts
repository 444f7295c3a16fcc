import { tsToMs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { saleWorkflowId } from '../../domain/workflow-ids';
import type { WorkerProcess } from '../../test/support/worker-process';
import { progress, round, sleep } from '../lib/log';
import { processCpuSeconds } from '../lib/procs';
import type { BenchRuntime } from '../lib/runtime';
import { audit, closeShops, lastPostedAt, openShops, postedCount, startSyncs } from '../lib/shops';
import { startBenchWorker } from '../lib/worker';

const { temporal } = proto;
const T = temporal.api.enums.v1.EventType;

export interface ScaleOutOptions {
  /** Both workers poll this queue (its own, so the bench's main worker takes no share). */
  taskQueue: string;
  tenants: number;
  ordersPerTenant: number;
  concurrency: number;
  latencyMs: number;
  /** Share of the orders posted when worker A is SIGKILLed. */
  killAt: number;
  timeoutMs: number;
  /** Called with each worker, for CPU accounting and cleanup. */
  onWorker?: (worker: WorkerProcess) => void;
}

interface WorkerShare {
  pid: number;
  /** Activity executions completed by this worker, over the sales' histories. */
  activities: number;
  /** Workflow tasks completed by this worker (local activities run inside them). */
  workflow_tasks: number;
  /** CPU seconds of the process, from its start (A: until just before the kill). */
  cpu_s: number;
}

export interface ScaleOutResult {
  orders: number;
  lost: number;
  duplicated: number;
  wrong_totals: number;
  unposted: number;
  drained: boolean;
  /** From the syncs' start until the last order is posted. */
  drain_s: number;
  /** From the kill until the last order is posted. */
  drain_after_kill_s: number;
  posted_at_kill: number;
  kill_at_s: number;
  orders_per_s_before_kill: number;
  orders_per_s_after_kill: number;
  /** Posted per second, per 5 s slice (the kill's slice is marked in `kill_slice`). */
  timeline: number[];
  kill_slice: number;
  worker_a: WorkerShare;
  worker_b: WorkerShare;
  /** Each worker's part of the activity executions and workflow tasks completed before the kill (0.5 each is an even split). */
  share_worker_a: number;
  share_worker_b: number;
  /** The same over the whole run (B alone after the kill). */
  share_worker_a_whole_run: number;
  /** A's part of the two workers' CPU up to the kill. */
  cpu_share_worker_a_before_kill: number;
  /** Sales whose history was read for the shares. */
  histories_read: number;
}

/**
 * Scale-out: two worker processes (`worker/main.ts`, as production starts them) on one task queue share a
 * backlog over several tenants; once `killAt` of it is posted, worker A is SIGKILLed and not restarted, so B
 * finishes alone (A's in-flight activities retry after their start-to-close timeout, its cached workflows
 * move to B after the sticky queue's timeout). Every order is then checked against its ledger and its
 * synced_sales row; each worker's share is read from the sales' histories (the identity that completed each
 * activity and workflow task) and from /proc.
 */
export async function runScaleOut(rt: BenchRuntime, options: ScaleOutOptions): Promise<ScaleOutResult> {
  const total = options.tenants * options.ordersPerTenant;
  progress(`scale-out: ${total} orders over ${options.tenants} shops, two workers on ${options.taskQueue}`);
  const shops = await openShops(rt, { count: options.tenants, initialOrders: options.ordersPerTenant, seed: 8_000, latencyMs: options.latencyMs });
  const workers: WorkerProcess[] = [];
  try {
    const [a, b] = await Promise.all([0, 1].map(async () => {
      const w = await startBenchWorker(rt, { taskQueue: options.taskQueue });
      workers.push(w);
      options.onWorker?.(w);
      return w;
    })) as [WorkerProcess, WorkerProcess];
    const cpuAtStart = { a: processCpuSeconds(a.pid) ?? 0, b: processCpuSeconds(b.pid) ?? 0 };
    const started = Date.now();
    await startSyncs(rt, shops, options.taskQueue, { concurrency: options.concurrency, pollIntervalSeconds: 10 });
    const timeline: number[] = [];
    let killSlice = -1;
    let lastSliceAt = started;
    let lastSliceCount = 0;
    let killedAt: number | null = null;
    let postedAtKill = 0;
    let cpuAAtKill = 0;
    let cpuBAtKill = 0;
    let posted = 0;
    let drained = false;
    while (Date.now() - started < options.timeoutMs) {
      posted = await postedCount(rt, shops);
      if (posted >= total) {
        drained = true;
        break;
      }
      if (killedAt === null && posted >= options.killAt * total) {
        cpuAAtKill = (processCpuSeconds(a.pid) ?? cpuAtStart.a) - cpuAtStart.a;
        cpuBAtKill = (processCpuSeconds(b.pid) ?? cpuAtStart.b) - cpuAtStart.b;
        progress(`scale-out: SIGKILL worker A (pid ${a.pid}) at ${posted}/${total} posted`);
        await a.kill('SIGKILL');
        killedAt = Date.now();
        postedAtKill = posted;
        killSlice = timeline.length;
      }
      if (Date.now() - lastSliceAt >= 5_000) {
        timeline.push(round((posted - lastSliceCount) / ((Date.now() - lastSliceAt) / 1000)));
        progress(`scale-out: ${posted}/${total} posted${killedAt ? ' (A killed)' : ''}`);
        lastSliceAt = Date.now();
        lastSliceCount = posted;
      }
      await sleep(250);
    }
    const end = drained ? await lastPostedAt(rt, shops) : Date.now();
    const cpuB = (processCpuSeconds(b.pid) ?? cpuAtStart.b) - cpuAtStart.b;
    await sleep(1_000);
    const checked = await audit(rt, shops);

    // Who did the work: the identity (pid@host) on each completed activity and workflow task of every sale.
    const counts = new Map<string, { activities: number; workflowTasks: number }>();
    const beforeKill = new Map<string, number>();
    let read = 0;
    for (const shop of shops) {
      for (const orderId of shop.woo.orders.keys()) {
        const events = (await rt.client.workflow.getHandle(saleWorkflowId(shop.tenant.tenantId, 'woocommerce', String(orderId))).fetchHistory().catch(() => null))?.events ?? [];
        if (events.length > 0) read++;
        for (const e of events) {
          const identity = e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED ? e.activityTaskCompletedEventAttributes?.identity
            : e.eventType === T.EVENT_TYPE_WORKFLOW_TASK_COMPLETED ? e.workflowTaskCompletedEventAttributes?.identity : undefined;
          if (!identity) continue;
          const pid = identity.split('@')[0]!;
          const c = counts.get(pid) ?? { activities: 0, workflowTasks: 0 };
          if (e.eventType === T.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) c.activities++;
          else c.workflowTasks++;
          counts.set(pid, c);
          if (killedAt !== null && tsToMs(e.eventTime) < killedAt) beforeKill.set(pid, (beforeKill.get(pid) ?? 0) + 1);
        }
      }
    }
    const of = (w: WorkerProcess) => counts.get(String(w.pid)) ?? { activities: 0, workflowTasks: 0 };
    const [ca, cb] = [of(a), of(b)];
    const work = (c: { activities: number; workflowTasks: number }) => c.activities + c.workflowTasks;
    const doneBeforeKill = { a: beforeKill.get(String(a.pid)) ?? 0, b: beforeKill.get(String(b.pid)) ?? 0 };
    const killAtS = killedAt ? (killedAt - started) / 1000 : Number.NaN;
    return {
      orders: total,
      lost: checked.lost,
      duplicated: checked.duplicated,
      wrong_totals: checked.wrongTotals,
      unposted: checked.unposted,
      drained,
      drain_s: round((end - started) / 1000),
      drain_after_kill_s: killedAt ? round((end - killedAt) / 1000) : Number.NaN,
      posted_at_kill: postedAtKill,
      kill_at_s: round(killAtS),
      orders_per_s_before_kill: killedAt ? round(postedAtKill / killAtS, 2) : Number.NaN,
      orders_per_s_after_kill: killedAt ? round((posted - postedAtKill) / ((end - killedAt) / 1000), 2) : Number.NaN,
      timeline,
      kill_slice: killSlice,
      worker_a: { pid: a.pid, activities: ca.activities, workflow_tasks: ca.workflowTasks, cpu_s: round(cpuAAtKill) },
      worker_b: { pid: b.pid, activities: cb.activities, workflow_tasks: cb.workflowTasks, cpu_s: round(cpuB) },
      share_worker_a: round(doneBeforeKill.a / Math.max(1, doneBeforeKill.a + doneBeforeKill.b), 3),
      share_worker_b: round(doneBeforeKill.b / Math.max(1, doneBeforeKill.a + doneBeforeKill.b), 3),
      share_worker_a_whole_run: round(work(ca) / Math.max(1, work(ca) + work(cb)), 3),
      cpu_share_worker_a_before_kill: round(cpuAAtKill / Math.max(0.001, cpuAAtKill + cpuBAtKill), 3),
      histories_read: read,
    };
  } finally {
    for (const w of workers) await w.kill('SIGKILL');
    await closeShops(rt, shops);
  }
}
