import type { WooOrder } from './woo-order';

export interface WooErrorBody {
  code: string;
  message: string;
  data: { status: number; params?: Record<string, string> };
}

export type OrderQueryResult =
  | { ok: true; items: WooOrder[]; total: number; totalPages: number; page: number }
  | { ok: false; error: WooErrorBody };

const statuses = ['any', 'pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'trash', 'checkout-draft'];
const orderbys = ['date', 'id', 'include', 'title', 'slug', 'modified'];

function invalidParam(name: string, message: string): OrderQueryResult {
  return { ok: false, error: { code: 'rest_invalid_param', message: `Invalid parameter(s): ${name}`, data: { status: 400, params: { [name]: message } } } };
}

/** WP accepts ISO 8601 (RFC 3339) dates; the bound is compared at one-second resolution, like MySQL DATETIME. */
function toBound(value: string, asGmt: boolean): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value)) return null;
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(value)) {
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return null;
    return asGmt ? at.toISOString().slice(0, 19) : at.toLocaleString('sv-SE', { timeZone: 'Europe/Amsterdam' }).replace(' ', 'T');
  }
  return value.slice(0, 19);
}

function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number | null {
  const raw = params.get(name);
  if (raw === null) return fallback;
  if (!/^\d+$/.test(raw)) return null;
  const value = Number(raw);
  return value >= min && value <= max ? value : null;
}

/** `GET /orders` as wc/v3 answers it: filters, ordering and page slicing. */
export function queryOrders(all: Iterable<WooOrder>, params: URLSearchParams): OrderQueryResult {
  const perPage = intParam(params, 'per_page', 10, 1, 100);
  if (perPage === null) return invalidParam('per_page', 'per_page must be between 1 (inclusive) and 100 (inclusive)');
  const page = intParam(params, 'page', 1, 1, Number.MAX_SAFE_INTEGER);
  if (page === null) return invalidParam('page', 'page must be greater than or equal to 1');
  const order = params.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return invalidParam('order', 'order is not one of asc and desc.');
  const orderby = params.get('orderby') ?? 'date';
  if (!orderbys.includes(orderby)) return invalidParam('orderby', `orderby is not one of ${orderbys.join(', ')}.`);
  const wanted = (params.get('status') ?? 'any').split(',');
  if (wanted.some((s) => !statuses.includes(s))) return invalidParam('status', 'status[0] is not one of the allowed statuses.');
  const asGmt = ['1', 'true'].includes(params.get('dates_are_gmt') ?? '');
  const bounds: Partial<Record<'modified_after' | 'modified_before' | 'after' | 'before', string>> = {};
  for (const name of ['modified_after', 'modified_before', 'after', 'before'] as const) {
    const raw = params.get(name);
    if (raw === null) continue;
    const bound = toBound(raw, asGmt);
    if (bound === null) return invalidParam(name, 'Invalid date.');
    bounds[name] = bound;
  }

  const modified = (o: WooOrder): string => (asGmt ? o.date_modified_gmt : o.date_modified);
  const created = (o: WooOrder): string => (asGmt ? o.date_created_gmt : o.date_created);
  const matches = [...all].filter((o) => {
    // `any` hides trash, as WP does; checkout drafts do show up.
    if (wanted.includes('any') ? o.status === 'trash' : !wanted.includes(o.status)) return false;
    // WP_Date_Query bounds are exclusive.
    if (bounds.modified_after !== undefined && !(modified(o) > bounds.modified_after)) return false;
    if (bounds.modified_before !== undefined && !(modified(o) < bounds.modified_before)) return false;
    if (bounds.after !== undefined && !(created(o) > bounds.after)) return false;
    if (bounds.before !== undefined && !(created(o) < bounds.before)) return false;
    return true;
  });
  const key = (o: WooOrder): string | number => (orderby === 'modified' ? o.date_modified_gmt : orderby === 'id' ? o.id : o.date_created_gmt);
  matches.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    const primary = ka < kb ? -1 : ka > kb ? 1 : 0;
    return (order === 'asc' ? 1 : -1) * (primary || a.id - b.id);
  });
  const total = matches.length;
  const totalPages = Math.ceil(total / perPage);
  return { ok: true, items: matches.slice((page - 1) * perPage, page * perPage), total, totalPages, page };
}

/** WP's `_fields`: keep only the named top-level fields. */
export function pickFields(resource: object, fields: string | null): Record<string, unknown> {
  if (!fields) return { ...resource };
  const names = new Set(fields.split(',').map((f) => f.trim().split('.')[0]));
  return Object.fromEntries(Object.entries(resource).filter(([k]) => names.has(k)));
}
