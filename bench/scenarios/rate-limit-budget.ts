import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import { createRequestBudget } from '../../activities/request-budget';
import { ConnectorError } from '../../connectors/errors';
import { createMoneybirdTarget } from '../../connectors/targets/moneybird/client';
import { startMoneybirdSimulator } from '../../connectors/targets/moneybird/simulator';
import { progress, round } from '../lib/log';
import type { BenchRuntime } from '../lib/runtime';
import type { RateLimit } from '../lib/shops';

export interface RateLimitBudgetOptions {
  rateLimit: RateLimit;
  concurrency: number;
  measureMs: number;
}

export interface RateLimitBudgetResult {
  /** Non-429 requests per whole window from the first request, over the limit (mean of `by_window`). */
  utilisation: number;
  by_window: number[];
  rate_limit_429s: number;
  rate_limit_429s_steady: number;
  requests: number;
  window_ms: number;
  limit: number;
  concurrency: number;
}

/**
 * The budget alone, without orchestration: `concurrency` loops send contact look-ups through the real
 * Moneybird client, the real per-request budget (Postgres) and the simulator, each waiting what the budget or
 * a 429 says (as an activity's retry would, without Temporal's own delay). What the budget leaves unused here
 * is the budget's; the Temporal scenarios add what orchestration leaves unused on a busy machine.
 */
export async function runRateLimitBudget(rt: BenchRuntime, options: RateLimitBudgetOptions): Promise<RateLimitBudgetResult> {
  const { limit, windowMs } = options.rateLimit;
  progress(`rate limit, budget alone: ${limit} per ${windowMs} ms, ${options.concurrency} at once, ${options.measureMs / 1000} s`);
  const sim = await startMoneybirdSimulator({ seed: 77, rateLimit: { limit, windowMs }, requestLogLimit: 100_000 });
  try {
    const budget = createRequestBudget({ db: rt.db, connectionId: randomUUID(), windows: [options.rateLimit] });
    const target = createMoneybirdTarget({ baseUrl: sim.url, administrationId: sim.administrationId, apiToken: sim.token, timeoutMs: 15_000, budget });
    const log = sim.requestLog;
    const deadline = () => (log.length > 0 ? log[0]!.at + options.measureMs : Infinity);
    let n = 0;
    async function loop(): Promise<void> {
      while (Date.now() < deadline()) {
        try {
          await target.findContactByEmail(`klant${n++}@example.nl`);
        } catch (error) {
          if (error instanceof ApplicationFailure && error.type === 'RATE_LIMITED') await sleep(Number(error.nextRetryDelay ?? 1_000));
          else if (error instanceof ConnectorError && error.code === 'RATE_LIMITED') await sleep(error.details.retryAfterMs ?? 1_000);
          else throw error;
        }
      }
    }
    await Promise.all(Array.from({ length: options.concurrency }, () => loop()));
    const first = log[0]!.at;
    const measured = log.filter((r) => r.at < first + options.measureMs);
    const ok = measured.filter((r) => r.status !== 429);
    const windows = Math.floor(options.measureMs / windowMs);
    const byWindow = Array.from({ length: windows }, (_, i) => ok.filter((r) => r.at >= first + i * windowMs && r.at < first + (i + 1) * windowMs).length / limit);
    const limited = measured.filter((r) => r.status === 429);
    return {
      utilisation: byWindow.length ? round(byWindow.reduce((a, b) => a + b, 0) / byWindow.length, 3) : 0,
      by_window: byWindow.map((u) => round(u, 3)),
      rate_limit_429s: limited.length,
      rate_limit_429s_steady: limited.filter((r) => r.at >= first + windowMs).length,
      requests: ok.length,
      window_ms: windowMs,
      limit,
      concurrency: options.concurrency,
    };
  } finally {
    await sim.stop();
  }
}
