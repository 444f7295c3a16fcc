import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/common';
import { sql } from 'drizzle-orm';
import { createRequestBudget } from '../../activities/request-budget';
import { ConnectorError } from '../../connectors/errors';
import { mapWooOrder, parseWooOrder } from '../../connectors/sources/woocommerce/map-order';
import { generateOrder } from '../../connectors/sources/woocommerce/generate-order';
import { nlRateBpById } from '../../connectors/sources/woocommerce/nl-tax-rates';
import { createExactTarget } from '../../connectors/targets/exact-online/client';
import { clearMasterDataCache } from '../../connectors/targets/exact-online/master-data';
import { exactOnlineModule } from '../../connectors/targets/exact-online/module';
import { startExactSimulator } from '../../connectors/targets/exact-online/simulator';
import { prepareSale } from '../../domain/prepare-sale';
import { tenantSettingsSchema } from '../../domain/tenant-settings';
import { progress, round } from '../lib/log';
import type { BenchRuntime } from '../lib/runtime';

export interface RateLimitExactOptions {
  /** Exact's per-minute limit (clock minutes in the simulator). */
  minutely: number;
  /** Exact's per-day limit, over a day shortened to `dayMs` (the simulator's and the budget's alike). */
  daily: number;
  dayMs: number;
  sales: number;
  concurrency: number;
  /** Measured this long from the first request; the backlog is sized to outlast it. */
  measureMs: number;
}

export interface RateLimitExactResult {
  /** Non-429 calls per whole clock minute over the minutely limit, in the minutes the budget's day left room in. */
  utilisation_minute: number;
  /** Non-429 calls per whole (shortened) vendor day over the daily limit. */
  utilisation_day: number;
  /** The same per day-long span from our first call (the budget's own sliding day). */
  utilisation_day_from_first_call: number;
  by_minute: number[];
  by_day: number[];
  rate_limit_429s: number;
  /** 429s after the first minute. */
  rate_limit_429s_steady: number;
  rate_limited_minutely: number;
  rate_limited_daily: number;
  calls: number;
  sales_booked: number;
  calls_per_sale: number;
  /** Most rows the budget held for the connection at once (a minutely 429 once filled the day window: ~5,000). */
  budget_rows_max: number;
  minutely: number;
  daily: number;
  day_ms: number;
  concurrency: number;
}

const MINUTE = 60_000;
const REDIRECT = 'http://127.0.0.1:3000/oauth/callback';

/**
 * Exact Online's two limits at once (a minute and a day, the day shortened), through the real Exact client,
 * the real per-request budget on the bench's Postgres and the Exact simulator. No Temporal here: each of
 * `concurrency` loops books sales (contact look-up, contact, sales entry) and, like an activity's retry,
 * waits what the budget or a 429 says before trying a step again.
 */
export async function runRateLimitExact(rt: BenchRuntime, options: RateLimitExactOptions): Promise<RateLimitExactResult> {
  progress(`rate limit exact: ${options.minutely} per minute and ${options.daily} per ${options.dayMs} ms, ${options.sales} sales, ${options.concurrency} at once, measured ${options.measureMs / 1000} s`);
  clearMasterDataCache();
  const sim = await startExactSimulator({
    seed: 11, rateLimits: { minutely: options.minutely, daily: options.daily, dayMs: options.dayMs }, accessTokenLifetimeMs: 6 * 3_600_000,
  });
  try {
    const oauth = exactOnlineModule.createOAuthClient!({ baseUrl: sim.url, clientId: sim.clientId, clientSecret: sim.clientSecret, redirectUri: REDIRECT });
    const tokens = await oauth.exchangeCode(sim.authorizationCode(REDIRECT));
    const connectionId = randomUUID();
    const windows = [{ limit: options.minutely, windowMs: MINUTE }, { limit: options.daily, windowMs: options.dayMs }];
    const budget = createRequestBudget({ db: rt.db, connectionId, windows });
    const target = createExactTarget({ baseUrl: sim.url, accessToken: tokens.accessToken, division: String(sim.divisions[0]), timeoutMs: 15_000, budget });
    const settings = tenantSettingsSchema.parse({});
    const isApi = (endpoint: string) => !endpoint.includes('oauth2');
    const firstAt = () => sim.requestLog.find((r) => isApi(r.endpoint))?.at;
    const deadline = () => {
      const first = firstAt();
      return first === undefined ? Infinity : first + options.measureMs;
    };

    let budgetRowsMax = 0;
    const sampler = setInterval(() => {
      void rt.db.execute<{ n: number }>(sqlCount(connectionId)).then(([row]) => { budgetRowsMax = Math.max(budgetRowsMax, row?.n ?? 0); }, () => undefined);
    }, 1_000);

    // A step as an activity retries it: after the budget's or the vendor's wait, until the measurement ends.
    async function step<T>(run: () => Promise<T>): Promise<T | null> {
      for (;;) {
        if (Date.now() >= deadline()) return null;
        try {
          return await run();
        } catch (error) {
          if (error instanceof ApplicationFailure && error.type === 'RATE_LIMITED') await sleep(Number(error.nextRetryDelay ?? 1_000));
          else if (error instanceof ConnectorError && error.code === 'RATE_LIMITED') await sleep(error.details.retryAfterMs ?? 1_000);
          else throw error;
        }
      }
    }

    let next = 0;
    let booked = 0;
    async function loop(): Promise<void> {
      while (next < options.sales && Date.now() < deadline()) {
        const n = next++;
        const sale = mapWooOrder(parseWooOrder(generateOrder({ id: 90_000 + n, seed: 9_000 + n })), nlRateBpById);
        const prepared = prepareSale(sale, settings, { currencies: ['EUR'] });
        if (prepared.kind !== 'bookable') continue;
        const email = `klant${n}@example.nl`;
        const found = await step(() => target.findContactByEmail(email));
        if (found === null && Date.now() >= deadline()) return;
        const contact = found ?? await step(() => target.createContact({
          email, firstName: 'Sanne', lastName: `Klant ${n}`, company: '', address1: 'Molenweg 3', postcode: '8011 CW', city: 'Zwolle', country: 'NL', vatNumber: '', customerReference: `woo-${n}`,
        }));
        if (!contact) return;
        const doc = await step(() => target.createInvoice({ ...prepared.sale, debtor: { ...prepared.sale.debtor, email } }, contact.id, { invoiceState: 'final', ledgerAccounts: {} }));
        if (doc) booked++;
      }
    }
    let lastReport = Date.now();
    const reporter = setInterval(() => {
      if (Date.now() - lastReport < 30_000) return;
      lastReport = Date.now();
      progress(`rate limit exact: ${booked} booked, ${sim.counters.requests} requests, 429s ${JSON.stringify(sim.counters.rateLimited)}`);
    }, 5_000);
    try {
      await Promise.all(Array.from({ length: options.concurrency }, () => loop()));
    } finally {
      clearInterval(sampler);
      clearInterval(reporter);
    }

    const first = firstAt()!;
    const until = first + options.measureMs;
    const log = sim.requestLog.filter((r) => isApi(r.endpoint) && r.at < until);
    const ok = log.filter((r) => r.status !== 429);
    const in_ = (from: number, to: number) => ok.filter((r) => r.at >= from && r.at < to).length;
    // The vendor's windows: clock minutes, and days from the epoch in steps of dayMs (as the simulator keeps them).
    const minutes: number[] = [];
    const minuteBound: number[] = [];
    for (let s = Math.ceil(first / MINUTE) * MINUTE; s + MINUTE <= until; s += MINUTE) {
      const used = in_(s, s + MINUTE) / options.minutely;
      minutes.push(used);
      // A minute the day limit did not cut short: the budget's (sliding) day had room at its start and its end.
      if (in_(s - options.dayMs, s) < options.daily && in_(s + MINUTE - options.dayMs, s + MINUTE) < options.daily) minuteBound.push(used);
    }
    const days: number[] = [];
    for (let s = Math.ceil(first / options.dayMs) * options.dayMs; s + options.dayMs <= until; s += options.dayMs) days.push(in_(s, s + options.dayMs) / options.daily);
    const spans = Math.floor(options.measureMs / options.dayMs);
    const fromFirst = Array.from({ length: spans }, (_, i) => in_(first + i * options.dayMs, first + (i + 1) * options.dayMs) / options.daily);
    const mean = (xs: number[]) => (xs.length ? round(xs.reduce((a, b) => a + b, 0) / xs.length, 3) : 0);
    const limited = log.filter((r) => r.status === 429);
    return {
      utilisation_minute: mean(minuteBound),
      utilisation_day: mean(days),
      utilisation_day_from_first_call: mean(fromFirst),
      by_minute: minutes.map((u) => round(u, 3)),
      by_day: days.map((u) => round(u, 3)),
      rate_limit_429s: limited.length,
      rate_limit_429s_steady: limited.filter((r) => r.at >= first + MINUTE).length,
      rate_limited_minutely: sim.counters.rateLimited.minutely,
      rate_limited_daily: sim.counters.rateLimited.daily,
      calls: ok.length,
      sales_booked: booked,
      calls_per_sale: booked ? round(ok.length / booked, 3) : 0,
      budget_rows_max: budgetRowsMax,
      minutely: options.minutely,
      daily: options.daily,
      day_ms: options.dayMs,
      concurrency: options.concurrency,
    };
  } finally {
    await sim.stop();
  }
}

function sqlCount(connectionId: string) {
  return sql`select count(*)::int as n from target_calls where connection_id = ${connectionId}`;
}
