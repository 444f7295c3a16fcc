import { createFaultSwitch, type FaultSwitch } from '../../sim/fault-switch';
import { createRng } from '../../sim/rng';
import { serveOnLoopback } from '../../sim/serve';
import { createExactSimApp, noExactFaults, type ExactFaults, type ExactSimCounters, type RequestLogEntry } from './sim-app';
import { guidFrom, seedDivision, type DivisionBooks } from './sim-data';
import { createSimOAuth, type SimOAuth } from './sim-oauth';
import type { SimEntity } from './sim-odata';
import { createSimRateLimiter, type SimRateLimiter, type SimRateLimits } from './sim-rate-limit';

export interface ExactSimulatorOptions {
  /** Seeds ids, tokens and the fault dice. Default 1. */
  seed?: number;
  clientId?: string;
  clientSecret?: string;
  /** Registered redirect URIs (empty: any). */
  redirectUris?: string[];
  /** Default Exact's 600 s; tests shorten it (the 570-of-600 rule scales along). */
  accessTokenLifetimeMs?: number;
  /** Default 30 days. */
  refreshIdleLifetimeMs?: number;
  refreshTokenReuse?: 'single-use' | 'until-successor-used';
  /** Default Exact's 60 a minute and 5,000 a day per division. */
  rateLimits?: Partial<SimRateLimits>;
  /** How many divisions the simulated user may use. Default 2 (the first is current). */
  divisions?: number;
  now?: () => number;
}

export interface ExactSimulator {
  /** e.g. `http://127.0.0.1:40123` (the "country site"): OAuth under /api/oauth2, REST under /api/v1. */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Division numbers, current first. */
  divisions: number[];
  books: Map<number, DivisionBooks>;
  oauth: SimOAuth;
  rateLimit: SimRateLimiter;
  faults: FaultSwitch<ExactFaults>;
  counters: ExactSimCounters;
  requestLog: RequestLogEntry[];
  /** Sales entries booked under a YourRef in a division (Exact does not keep references unique). */
  entriesByReference(division: number, reference: string): SimEntity[];
  invoicesByReference(division: number, reference: string): SimEntity[];
  linesOfEntry(division: number, entryId: string): SimEntity[];
  /**
   * What a merchant's consent gives a test without a browser: follows the authorize redirect and returns
   * the code (tests of the API follow the real redirect instead).
   */
  authorizationCode(redirectUri: string, state?: string): string;
  stop(): Promise<void>;
}

/** Exact Online on 127.0.0.1 (random port): OAuth2 with rotating refresh tokens, both rate limits, OData. */
export async function startExactSimulator(options: ExactSimulatorOptions = {}): Promise<ExactSimulator> {
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const now = options.now ?? Date.now;
  const clientId = options.clientId ?? guidFrom(rng);
  const clientSecret = options.clientSecret ?? `secret-${guidFrom(rng)}`;
  const divisionNumbers = Array.from({ length: options.divisions ?? 2 }, (_, i) => 2_699_000 + seed * 10 + i);
  const books = new Map(divisionNumbers.map((d) => [d, seedDivision(d, createRng(seed * 7919 + d))]));
  const divisions: SimEntity[] = divisionNumbers.map((code, i) => ({
    Code: code, Description: i === 0 ? 'Demo Webwinkel B.V.' : `Administratie ${i + 1}`, Country: 'NL', Currency: 'EUR', HID: i + 1, Status: 0, Main: i === 0, VATNumber: null,
  }));
  const me: SimEntity = {
    UserID: guidFrom(rng), CurrentDivision: divisionNumbers[0], FullName: 'Sanne de Vries', Email: 'boekhouding@example.nl', UserName: 'boekhouding@example.nl', LanguageCode: 'nl-NL',
  };
  const oauth = createSimOAuth({
    clientId, clientSecret, redirectUris: options.redirectUris ?? [],
    accessTokenLifetimeMs: options.accessTokenLifetimeMs ?? 600_000,
    refreshIdleLifetimeMs: options.refreshIdleLifetimeMs ?? 30 * 86_400_000,
    codeLifetimeMs: 180_000,
    reuse: options.refreshTokenReuse ?? 'single-use',
    now, rng: createRng(seed ^ 0x0a17),
  });
  const rateLimit = createSimRateLimiter(options.rateLimits);
  const faults = createFaultSwitch<ExactFaults>(noExactFaults);
  const counters: ExactSimCounters = {
    requests: 0, byEndpoint: {}, rateLimited: { minutely: 0, daily: 0 }, serverErrors: 0, accountsCreated: 0, entriesCreated: 0,
    invoicesCreated: 0, invoicesProcessed: 0, invoicesEmailed: 0, timeoutsAfterCommit: 0, tokenResponsesCut: 0,
  };
  const requestLog: RequestLogEntry[] = [];
  const app = createExactSimApp({ oauth, rateLimiter: rateLimit, books, divisions, me, faults, counters, requestLog, rng: createRng(seed ^ 0x5eed), now });
  const server = await serveOnLoopback(app);
  const byRef = (rows: Iterable<SimEntity>, reference: string) => [...rows].filter((r) => r.YourRef === reference);

  return {
    url: server.url, clientId, clientSecret, divisions: divisionNumbers, books, oauth, rateLimit, faults, counters, requestLog,
    entriesByReference: (division, reference) => byRef(books.get(division)?.entries.values() ?? [], reference),
    invoicesByReference: (division, reference) => byRef(books.get(division)?.invoices.values() ?? [], reference),
    linesOfEntry: (division, entryId) => books.get(division)?.entryLines.get(entryId) ?? [],
    authorizationCode(redirectUri, state) {
      const result = oauth.authorize(new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', ...(state ? { state } : {}) }), 'approve');
      if (!('redirect' in result)) throw new Error(result.text);
      const code = new URL(result.redirect).searchParams.get('code');
      if (!code) throw new Error('no code');
      return code;
    },
    stop: server.stop,
  };
}
