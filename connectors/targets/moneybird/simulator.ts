import { createFaultSwitch } from '../../sim/fault-switch';
import type { FaultSwitch } from '../../sim/fault-switch';
import { createRng } from '../../sim/rng';
import { serveOnLoopback } from '../../sim/serve';
import { createMoneybirdSimApp, noMoneybirdFaults } from './sim-app';
import type { MoneybirdFaults, MoneybirdSimCounters, RequestLogEntry } from './sim-app';
import { createRateLimiter } from './sim-rate-limit';
import type { RateLimitSettings, SimRateLimiter } from './sim-rate-limit';
import { dutchTaxRates } from './sim-tax-rates';
import type { MbContact, MbSalesInvoice, MbTaxRate } from './sim-types';

export interface MoneybirdSimulatorOptions {
  /** Seeds ids, the token and the fault dice. Default 1. */
  seed?: number;
  administrationId?: string;
  token?: string;
  /** Default: Moneybird's 150 requests per 5 minutes. Benchmarks shorten the window (e.g. 5 s). */
  rateLimit?: Partial<RateLimitSettings>;
  /** The server clock (rate-limit windows, timestamps). Default: the real clock. */
  now?: () => Date;
  /** Most recent requests kept in requestLog. Default 10 000. */
  requestLogLimit?: number;
  /** Port on 127.0.0.1; default any free one (`npm run simulators` uses fixed ones). */
  port?: number;
}

export interface MoneybirdSimulator {
  /** e.g. `http://127.0.0.1:40123`; the API lives under `/api/v2/{administrationId}`. */
  url: string;
  administrationId: string;
  token: string;
  contacts: Map<string, MbContact>;
  invoices: Map<string, MbSalesInvoice>;
  taxRates: MbTaxRate[];
  counters: MoneybirdSimCounters;
  requestLog: RequestLogEntry[];
  faults: FaultSwitch<MoneybirdFaults>;
  rateLimit: SimRateLimiter;
  /** From now on every request is answered 401 (token revoked by the user). */
  revokeToken: () => void;
  restoreToken: () => void;
  /** Invoices booked under a reference (Moneybird does not keep references unique). */
  invoicesByReference: (reference: string) => MbSalesInvoice[];
  stop: () => Promise<void>;
}

/** Moneybird API v2 on 127.0.0.1 (random port), for tests, the demo and the benchmark. */
export async function startMoneybirdSimulator(options: MoneybirdSimulatorOptions = {}): Promise<MoneybirdSimulator> {
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const now = options.now ?? (() => new Date());
  let nextId = 474_244_224_383_976_855n + BigInt(rng.int(0, 1_000_000)) * 1_000n;
  const newId = (): string => {
    nextId += BigInt(rng.int(1, 997));
    return nextId.toString();
  };
  const administrationId = options.administrationId ?? String(281_289_699_686_381_606n + BigInt(seed));
  const token = options.token ?? Array.from({ length: 43 }, () => rng.pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'])).join('');
  let activeToken: string | null = token;
  const contacts = new Map<string, MbContact>();
  const invoices = new Map<string, MbSalesInvoice>();
  const taxRates = dutchTaxRates(administrationId, newId, now().toISOString());
  const counters: MoneybirdSimCounters = {
    requests: 0, byEndpoint: {}, rateLimited: 0, serverErrors: 0, authFailures: 0, contactsCreated: 0, invoicesCreated: 0, timeoutsAfterCommit: 0,
  };
  const requestLog: RequestLogEntry[] = [];
  const faults = createFaultSwitch<MoneybirdFaults>(noMoneybirdFaults);
  const rateLimit = createRateLimiter(options.rateLimit);

  const app = createMoneybirdSimApp({
    administrationId,
    token: () => activeToken,
    contacts,
    invoices,
    taxRates,
    newId,
    now,
    faults,
    rateLimiter: rateLimit,
    rng: createRng(seed ^ 0x5eed),
    counters,
    requestLog,
    requestLogLimit: options.requestLogLimit ?? 10_000,
  });
  const server = await serveOnLoopback(app, options.port);

  return {
    url: server.url,
    administrationId,
    token,
    contacts,
    invoices,
    taxRates,
    counters,
    requestLog,
    faults,
    rateLimit,
    revokeToken: () => {
      activeToken = null;
    },
    restoreToken: () => {
      activeToken = token;
    },
    invoicesByReference: (reference) => [...invoices.values()].filter((i) => i.reference === reference),
    stop: server.stop,
  };
}
