import { createFaultSwitch } from '../../sim/fault-switch';
import type { FaultSwitch } from '../../sim/fault-switch';
import { createRng } from '../../sim/rng';
import { serveOnLoopback } from '../../sim/serve';
import { createMoneybirdSimApp, noMoneybirdFaults } from './sim-app';
import type { MoneybirdFaults, MoneybirdScope, MoneybirdSimCounters, RequestLogEntry, SimExchange } from './sim-app';
import { dutchLedgerAccounts } from './sim-ledger-accounts';
import { createRateLimiter } from './sim-rate-limit';
import type { RateLimitSettings, SimRateLimiter } from './sim-rate-limit';
import { dutchTaxRates } from './sim-tax-rates';
import type { MbContact, MbLedgerAccount, MbSalesInvoice, MbTaxRate } from './sim-types';

export type { MoneybirdScope, SimExchange };

export const allMoneybirdScopes: readonly MoneybirdScope[] = ['sales_invoices', 'documents', 'estimates', 'bank', 'time_entries', 'settings'];

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
  /** Scopes the token was granted. Default: all of them. */
  scopes?: readonly MoneybirdScope[];
  /** Called with every request and its answer (tests check both against the published spec). */
  onExchange?: (exchange: SimExchange) => void;
}

export interface MoneybirdSimulator {
  /** e.g. `http://127.0.0.1:40123`; the API lives under `/api/v2/{administrationId}`. */
  url: string;
  administrationId: string;
  token: string;
  contacts: Map<string, MbContact>;
  invoices: Map<string, MbSalesInvoice>;
  taxRates: MbTaxRate[];
  ledgerAccounts: MbLedgerAccount[];
  counters: MoneybirdSimCounters;
  requestLog: RequestLogEntry[];
  faults: FaultSwitch<MoneybirdFaults>;
  rateLimit: SimRateLimiter;
  /** From now on every request is answered 401 (token revoked by the user). */
  revokeToken: () => void;
  restoreToken: () => void;
  /** The scopes the token holds from now on (a merchant narrowing or widening the grant). */
  grantScopes: (scopes: readonly MoneybirdScope[]) => void;
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
  const ledgerAccounts = dutchLedgerAccounts(administrationId, newId, now().toISOString());
  let scopes = new Set<MoneybirdScope>(options.scopes ?? allMoneybirdScopes);
  const counters: MoneybirdSimCounters = {
    requests: 0, byEndpoint: {}, rateLimited: 0, serverErrors: 0, authFailures: 0, contactsCreated: 0, invoicesCreated: 0,
    creditInvoicesCreated: 0, invoicesSent: { Email: 0, Peppol: 0, Manual: 0 }, timeoutsAfterCommit: 0,
  };
  const requestLog: RequestLogEntry[] = [];
  const faults = createFaultSwitch<MoneybirdFaults>(noMoneybirdFaults);
  const rateLimit = createRateLimiter(options.rateLimit);

  const app = createMoneybirdSimApp({
    administrationId,
    token: () => activeToken,
    scopes: () => scopes,
    contacts,
    invoices,
    taxRates,
    ledgerAccounts,
    newId,
    now,
    faults,
    rateLimiter: rateLimit,
    rng: createRng(seed ^ 0x5eed),
    counters,
    requestLog,
    requestLogLimit: options.requestLogLimit ?? 10_000,
    onExchange: options.onExchange,
  });
  const server = await serveOnLoopback(app, options.port);

  return {
    url: server.url,
    administrationId,
    token,
    contacts,
    invoices,
    taxRates,
    ledgerAccounts,
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
    grantScopes: (granted) => {
      scopes = new Set(granted);
    },
    invoicesByReference: (reference) => [...invoices.values()].filter((i) => i.reference === reference),
    stop: server.stop,
  };
}
