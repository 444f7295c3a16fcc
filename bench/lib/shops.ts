import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { startWooSimulator, type WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { syncedSales } from '../../db/schema';
import { parseDecimalToCents } from '../../domain/money';
import { tenantSyncWorkflowId } from '../../domain/workflow-ids';
import { tenantSyncWorkflow } from '../../workflows/tenant-sync.workflow';
import { createSimulatedTenant, type SimulatedTenant } from '../../test/support/tenant';
import type { BenchRuntime } from './runtime';

/** One tenant: its simulated webshop, its simulated ledger and its rows. */
export interface Shop {
  woo: WooSimulator;
  moneybird: MoneybirdSimulator;
  tenant: SimulatedTenant;
}

export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** "No limit" for throughput runs: the budget is still reserved per call, the window never fills. */
export const HUGE_RATE_LIMIT: RateLimit = { limit: 1_000_000, windowMs: 1_000 };

export interface ShopOptions {
  count: number;
  /** Backlog present in the shop before the sync starts. */
  initialOrders: number;
  seed: number;
  /** Both in the simulator and in the tenant's connection settings (the budget). */
  rateLimit?: RateLimit;
  latencyMs?: number;
  targetTimeoutMs?: number;
}

export async function openShops(rt: BenchRuntime, options: ShopOptions): Promise<Shop[]> {
  const rateLimit = options.rateLimit ?? HUGE_RATE_LIMIT;
  const shops: Shop[] = [];
  for (let i = 0; i < options.count; i++) {
    const seed = options.seed + i;
    const woo = await startWooSimulator({ seed, initialOrders: options.initialOrders });
    const moneybird = await startMoneybirdSimulator({ seed, rateLimit, requestLogLimit: 50_000 });
    if (options.latencyMs) {
      woo.faults.set({ latencyMs: options.latencyMs });
      moneybird.faults.set({ latencyMs: options.latencyMs });
    }
    const tenant = await createSimulatedTenant(rt.db, rt.vault, { woo, moneybird, rateLimit, ...(options.targetTimeoutMs ? { targetTimeoutMs: options.targetTimeoutMs } : {}) });
    shops.push({ woo, moneybird, tenant });
  }
  return shops;
}

export async function startSyncs(rt: BenchRuntime, shops: Shop[], taskQueue: string, input: { concurrency: number; pollIntervalSeconds: number }): Promise<void> {
  await Promise.all(shops.map(({ tenant }) => rt.client.workflow.start(tenantSyncWorkflow, {
    workflowId: tenantSyncWorkflowId(tenant.tenantId),
    taskQueue,
    args: [{ tenantId: tenant.tenantId, source: 'woocommerce', ...input }],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  })));
}

export async function postedCount(rt: BenchRuntime, shops: Shop[]): Promise<number> {
  const [row] = await rt.db.select({ n: sql<number>`count(*)::int` }).from(syncedSales)
    .where(and(inArray(syncedSales.tenantId, shops.map((s) => s.tenant.tenantId)), eq(syncedSales.state, 'posted')));
  return row?.n ?? 0;
}

/** Postgres' time of the last posted row (ms since epoch). */
export async function lastPostedAt(rt: BenchRuntime, shops: Shop[]): Promise<number> {
  const [row] = await rt.db.select({ at: sql<string>`(extract(epoch from max(posted_at)) * 1000)::text` }).from(syncedSales)
    .where(inArray(syncedSales.tenantId, shops.map((s) => s.tenant.tenantId)));
  return Number(row?.at ?? Number.NaN);
}

export interface Audit {
  orders: number;
  /** Orders with no invoice. */
  lost: number;
  /** Orders with more than one invoice. */
  duplicated: number;
  /** Invoices whose total differs from the order's. */
  wrongTotals: number;
  /** Orders without exactly one posted synced_sales row. */
  unposted: number;
}

/** Every order of every shop against its ledger and its synced_sales row. */
export async function audit(rt: BenchRuntime, shops: Shop[]): Promise<Audit> {
  const result: Audit = { orders: 0, lost: 0, duplicated: 0, wrongTotals: 0, unposted: 0 };
  for (const { woo, moneybird, tenant } of shops) {
    const byReference = new Map<string, { total: string }[]>();
    for (const invoice of moneybird.invoices.values()) {
      const list = byReference.get(invoice.reference) ?? [];
      list.push({ total: invoice.total_price_incl_tax });
      byReference.set(invoice.reference, list);
    }
    const rows = await rt.db.select({ externalId: syncedSales.externalId, state: syncedSales.state }).from(syncedSales)
      .where(eq(syncedSales.tenantId, tenant.tenantId));
    const posted = new Set(rows.filter((r) => r.state === 'posted').map((r) => r.externalId));
    for (const order of woo.orders.values()) {
      result.orders++;
      const invoices = byReference.get(order.number) ?? [];
      if (invoices.length === 0) result.lost++;
      if (invoices.length > 1) result.duplicated++;
      if (invoices.some((i) => parseDecimalToCents(i.total) !== parseDecimalToCents(order.total))) result.wrongTotals++;
      if (!posted.has(String(order.id))) result.unposted++;
    }
  }
  return result;
}

export async function closeShops(rt: BenchRuntime, shops: Shop[]): Promise<void> {
  for (const { woo, moneybird, tenant } of shops) {
    await rt.client.workflow.getHandle(tenantSyncWorkflowId(tenant.tenantId)).terminate('bench scenario done').catch(() => undefined);
    await woo.stop();
    await moneybird.stop();
  }
}
