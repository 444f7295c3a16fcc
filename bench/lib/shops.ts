import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { startWooSimulator, type WooSimulator } from '../../connectors/sources/woocommerce/simulator';
import { startMoneybirdSimulator, type MoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { syncedRefunds, syncedSales } from '../../db/schema';
import { creditNoteReference } from '../../domain/refund';
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
  /** Share of the backlog refunded before the sync starts (partial, shipping-only and full refunds in turn). */
  refundShare?: number;
}

export async function openShops(rt: BenchRuntime, options: ShopOptions): Promise<Shop[]> {
  const rateLimit = options.rateLimit ?? HUGE_RATE_LIMIT;
  const shops: Shop[] = [];
  for (let i = 0; i < options.count; i++) {
    const seed = options.seed + i;
    const woo = await startWooSimulator({ seed, initialOrders: options.initialOrders });
    if (options.refundShare) refundSome(woo, options.refundShare);
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

/**
 * Refunds every n-th order of the backlog as a merchant would: one unit of a line, the shipping, or the
 * whole amount, in turn. The refunds exist before the sync starts, so they also wait for their invoices.
 */
export function refundSome(woo: WooSimulator, share: number): number {
  const every = Math.max(1, Math.round(1 / share));
  let made = 0;
  [...woo.orders.values()].forEach((order, i) => {
    if (i % every !== 0) return;
    const kind = made % 3;
    if (kind === 0) woo.refundItems(order.id, { items: [{ id: order.line_items[0]!.id, quantity: 1 }] });
    else if (kind === 1 && order.shipping_lines.length > 0) woo.refundItems(order.id, { shipping: true });
    else woo.refundOrder(order.id, { amount: order.total });
    made++;
  });
  return made;
}

export async function creditedCount(rt: BenchRuntime, shops: Shop[]): Promise<number> {
  const [row] = await rt.db.select({ n: sql<number>`count(*)::int` }).from(syncedRefunds)
    .where(and(inArray(syncedRefunds.tenantId, shops.map((s) => s.tenant.tenantId)), eq(syncedRefunds.state, 'credited')));
  return row?.n ?? 0;
}

export const refundCount = (shops: Shop[]): number => shops.reduce((n, s) => n + [...s.woo.refunds.values()].reduce((m, r) => m + r.length, 0), 0);

export interface RefundAudit {
  refunds: number;
  /** Refunds with no credit note. */
  lost: number;
  /** Refunds with more than one credit note. */
  duplicated: number;
  /** Credit notes whose total is not minus the amount refunded. */
  wrongTotals: number;
}

/** Every refund of every shop against its ledger: one credit note under `<order number>-R<refund id>`, for the amount. */
export function auditRefunds(shops: Shop[]): RefundAudit {
  const result: RefundAudit = { refunds: 0, lost: 0, duplicated: 0, wrongTotals: 0 };
  for (const { woo, moneybird } of shops) {
    for (const [orderId, refunds] of woo.refunds) {
      const order = woo.orders.get(orderId)!;
      for (const refund of refunds) {
        result.refunds++;
        const notes = moneybird.invoicesByReference(creditNoteReference(order.number, String(refund.id)));
        if (notes.length === 0) result.lost++;
        if (notes.length > 1) result.duplicated++;
        if (notes.some((n) => parseDecimalToCents(n.total_price_incl_tax) !== -parseDecimalToCents(refund.amount))) result.wrongTotals++;
      }
    }
  }
  return result;
}
