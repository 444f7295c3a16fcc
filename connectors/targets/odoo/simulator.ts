import { createFaultSwitch } from '../../sim/fault-switch';
import type { FaultSwitch } from '../../sim/fault-switch';
import { createRng } from '../../sim/rng';
import { serveOnLoopback } from '../../sim/serve';
import { createOdooSimApp, noOdooFaults } from './sim-app';
import type { OdooExchange, OdooFaults, OdooSimCounters } from './sim-app';
import type { OdooVersion } from './sim-models';
import { displayName, table } from './sim-orm';
import type { SimDatabase, SimRow } from './sim-orm';
import { seedDutchCompany } from './sim-seed';

export type { OdooExchange, OdooFaults, OdooVersion };

export interface OdooSimulatorOptions {
  /** 19 serves JSON-2 and XML-RPC; 17 and 18 XML-RPC only. Default 19. */
  version?: OdooVersion;
  /** Seeds the API key and the fault dice. Default 1. */
  seed?: number;
  database?: string;
  login?: string;
  /** One server with several databases: JSON-2 then needs X-Odoo-Database. */
  multiDatabase?: boolean;
  /** res.company tax_calculation_rounding_method. Default round_per_line, Odoo's default. */
  roundingMethod?: 'round_per_line' | 'round_globally';
  now?: () => Date;
  onExchange?: (exchange: OdooExchange) => void;
  /** Listen on this port; default a random free one. */
  port?: number;
}

/** An invoice line as a test reads it: names instead of ids. */
export interface SimInvoiceLine {
  name: string;
  quantity: number;
  priceUnit: number;
  taxes: string[];
  account: string;
  subtotal: number;
}

export interface SimMove {
  id: number;
  name: string;
  moveType: string;
  state: string;
  ref: string | null;
  partnerId: number | null;
  currency: string;
  invoiceDate: string | null;
  reversedEntryId: number | null;
  /** The invoice's terms and notes (the legal text of reverse charge or export). */
  narration: string | null;
  amountUntaxed: number;
  amountTax: number;
  amountTotal: number;
  /** What is still open on an invoice, and Odoo's payment_state. */
  amountResidual: number;
  paymentState: string;
  lines: SimInvoiceLine[];
  /** Journal items outside the invoice lines: the receivable line of an invoice, the lines of an entry. */
  items: SimJournalItem[];
}

export interface SimJournalItem {
  name: string;
  account: string;
  partnerId: number | null;
  currency: string;
  debit: number;
  credit: number;
  amountCurrency: number;
  reconciled: boolean;
}

export interface OdooSimulator {
  url: string;
  version: OdooVersion;
  database: string;
  login: string;
  apiKey: string;
  db: SimDatabase;
  counters: OdooSimCounters;
  faults: FaultSwitch<OdooFaults>;
  /** From now on the key is refused (deleted or expired in Odoo). */
  revokeKey: () => void;
  restoreKey: () => void;
  /** Takes an access right away from the API user, e.g. `account.move:create`, or `post` (the Billing group). */
  deny: (right: string) => void;
  allow: (right: string) => void;
  moves: () => SimMove[];
  movesByRef: (ref: string) => SimMove[];
  partner: (id: number) => SimRow | undefined;
  stop: () => Promise<void>;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Odoo (17, 18 or 19) with a Dutch company on 127.0.0.1, for tests, the demo and the benchmark. */
export async function startOdooSimulator(options: OdooSimulatorOptions = {}): Promise<OdooSimulator> {
  const seed = options.seed ?? 1;
  const rng = createRng(seed);
  const version = options.version ?? 19;
  // Odoo's keys are 160 random bits shown as 40 hex digits.
  const apiKey = Array.from({ length: 40 }, () => rng.pick([...'0123456789abcdef'])).join('');
  let activeKey: string | null = apiKey;
  const db: SimDatabase = {
    version, name: options.database ?? 'demowinkel', uid: 2, companyId: 1, tables: new Map(), nextIds: new Map(), denied: new Set(), now: options.now ?? (() => new Date()),
  };
  seedDutchCompany(db, { roundingMethod: options.roundingMethod ?? 'round_per_line' });
  const login = options.login ?? 'admin';
  const counters: OdooSimCounters = { requests: 0, byCall: {}, authFailures: 0, serverErrors: 0, timeoutsAfterCommit: 0 };
  const faults = createFaultSwitch<OdooFaults>(noOdooFaults);
  const app = createOdooSimApp({
    db, apiKey: () => activeKey, login, multiDatabase: options.multiDatabase ?? false, faults, rng: createRng(seed ^ 0x0d00), counters, onExchange: options.onExchange,
  });
  const server = await serveOnLoopback(app, options.port ?? 0);

  const toMove = (row: SimRow): SimMove => ({
    id: row.id,
    name: String(row.name),
    moveType: String(row.move_type),
    state: String(row.state),
    ref: text(row.ref),
    partnerId: typeof row.partner_id === 'number' ? row.partner_id : null,
    currency: displayName(db, 'res.currency', Number(row.currency_id)),
    invoiceDate: text(row.invoice_date),
    reversedEntryId: typeof row.reversed_entry_id === 'number' ? row.reversed_entry_id : null,
    narration: text(row.narration),
    amountUntaxed: Number(row.amount_untaxed),
    amountTax: Number(row.amount_tax),
    amountTotal: Number(row.amount_total),
    amountResidual: Number(row.amount_residual),
    paymentState: String(row.payment_state ?? 'not_paid'),
    items: (row.line_ids as number[]).filter((id) => !(row.invoice_line_ids as number[]).includes(id)).map((id) => table(db, 'account.move.line').get(id))
      .filter((l): l is SimRow => l !== undefined).map((l) => ({
        name: String(l.name ?? ''),
        account: displayName(db, 'account.account', Number(l.account_id)),
        partnerId: typeof l.partner_id === 'number' ? l.partner_id : null,
        currency: displayName(db, 'res.currency', Number(l.currency_id)),
        debit: Number(l.debit),
        credit: Number(l.credit),
        amountCurrency: Number(l.amount_currency),
        reconciled: l.reconciled === true,
      })),
    lines: (row.invoice_line_ids as number[]).map((id) => table(db, 'account.move.line').get(id)).filter((l): l is SimRow => l !== undefined).map((l) => ({
      name: String(l.name ?? ''),
      quantity: Number(l.quantity),
      priceUnit: Number(l.price_unit),
      taxes: (l.tax_ids as number[]).map((t) => displayName(db, 'account.tax', t)),
      account: displayName(db, 'account.account', Number(l.account_id)),
      subtotal: Number(l.price_subtotal),
    })),
  });
  const moves = (): SimMove[] => [...table(db, 'account.move').values()].map(toMove);

  return {
    url: server.url,
    version,
    database: db.name,
    login,
    apiKey,
    db,
    counters,
    faults,
    revokeKey: () => void (activeKey = null),
    restoreKey: () => void (activeKey = apiKey),
    deny: (right) => void db.denied.add(right),
    allow: (right) => void db.denied.delete(right),
    moves,
    movesByRef: (ref) => moves().filter((m) => m.ref === ref),
    partner: (id) => table(db, 'res.partner').get(id),
    stop: server.stop,
  };
}
