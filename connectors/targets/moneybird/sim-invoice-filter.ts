import type { MbSalesInvoice } from './sim-types';

type Range = { from: string; to: string };

const iso = (d: Date): string => d.toISOString().slice(0, 10);
const lastDayOf = (year: number, month: number): string => iso(new Date(Date.UTC(year, month, 0)));

/** `this_year`, `prev_month`, `202501..202503`, `20250101..20250131` as an inclusive date range. */
function periodRange(period: string, now: Date): Range | null {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() + 1;
  const month = (year: number, mon: number): Range => ({ from: `${year}-${String(mon).padStart(2, '0')}-01`, to: lastDayOf(year, mon) });
  const presets: Record<string, () => Range> = {
    this_month: () => month(y, m),
    prev_month: () => (m === 1 ? month(y - 1, 12) : month(y, m - 1)),
    next_month: () => (m === 12 ? month(y + 1, 1) : month(y, m + 1)),
    this_year: () => ({ from: `${y}-01-01`, to: `${y}-12-31` }),
    prev_year: () => ({ from: `${y - 1}-01-01`, to: `${y - 1}-12-31` }),
    next_year: () => ({ from: `${y + 1}-01-01`, to: `${y + 1}-12-31` }),
  };
  const preset = presets[period];
  if (preset) return preset();
  const custom = /^(\d{6}|\d{8})\.\.(\d{6}|\d{8})$/.exec(period);
  if (!custom?.[1] || !custom[2]) return null;
  const start = custom[1];
  const end = custom[2];
  const from = start.length === 6 ? `${start.slice(0, 4)}-${start.slice(4)}-01` : `${start.slice(0, 4)}-${start.slice(4, 6)}-${start.slice(6)}`;
  const to = end.length === 6 ? lastDayOf(Number(end.slice(0, 4)), Number(end.slice(4))) : `${end.slice(0, 4)}-${end.slice(4, 6)}-${end.slice(6)}`;
  return { from, to };
}

/**
 * `GET sales_invoices.json?filter=`: state, period, reference, contact_id, created_after,
 * updated_after (comma = AND, `|` = OR within state and reference). Without a filter the default
 * is `period:this_year`; a filter given replaces the defaults entirely (spec). A draft without
 * invoice_date matches a period only when that period contains today.
 */
export function filterInvoices(invoices: readonly MbSalesInvoice[], filter: string | undefined, now: Date): { ok: true; invoices: MbSalesInvoice[] } | { ok: false; error: string } {
  const clauses = new Map<string, string>();
  for (const clause of (filter ?? 'period:this_year').split(',')) {
    const at = clause.indexOf(':');
    if (at > 0) clauses.set(clause.slice(0, at).trim(), clause.slice(at + 1).trim());
  }
  const period = clauses.get('period');
  const range = period === undefined ? null : periodRange(period, now);
  if (period !== undefined && range === null) return { ok: false, error: 'Period must have both a start and end date' };
  const today = iso(now);
  const states = clauses.get('state')?.split('|');
  const references = clauses.get('reference')?.split('|');
  const contactId = clauses.get('contact_id');
  const createdAfter = clauses.get('created_after');
  const updatedAfter = clauses.get('updated_after');
  return {
    ok: true,
    invoices: invoices.filter((i) => {
      if (states && !states.includes('all') && !states.includes(i.state)) return false;
      if (references && !references.includes(i.reference)) return false;
      if (contactId !== undefined && i.contact_id !== contactId) return false;
      if (createdAfter !== undefined && !(Date.parse(i.created_at) > Date.parse(createdAfter))) return false;
      if (updatedAfter !== undefined && !(Date.parse(i.updated_at) > Date.parse(updatedAfter))) return false;
      if (range) {
        const date = i.invoice_date ?? today;
        if (date < range.from || date > range.to) return false;
      }
      return true;
    }),
  };
}
