/**
 * The OData v2 subset Exact's REST API serves and the simulator needs: `$filter` with eq/ne/gt/lt and
 * and/or over strings, guids, numbers and booleans; `$select`; `$top`; `$skiptoken=guid'…'` paging with a
 * `__next` link; `{"d": {"results": [...]}}` envelopes with `__metadata`; Exact's error body.
 */

export type SimEntity = Record<string, unknown>;

export interface ODataError {
  status: 400 | 401 | 403 | 404;
  body: { error: { code: string; message: { lang: string; value: string } } };
}

export function odataError(status: ODataError['status'], value: string): ODataError {
  return { status, body: { error: { code: '', message: { lang: '', value } } } };
}

type Literal = string | number | boolean | null;
type Expr = { op: 'and' | 'or'; left: Expr; right: Expr } | { op: 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le'; field: string; value: Literal };

function tokenize(text: string): string[] | null {
  const tokens: string[] = [];
  const pattern = /\s*(guid'[^']*'|'(?:[^']|'')*'|\(|\)|[A-Za-z_][A-Za-z0-9_]*|-?\d+(?:\.\d+)?)/y;
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match?.[1]) return null;
    tokens.push(match[1]);
    at = pattern.lastIndex;
  }
  return tokens;
}

function literal(token: string | undefined): Literal | undefined {
  if (token === undefined) return undefined;
  if (token.startsWith("guid'")) return token.slice(5, -1).toLowerCase();
  if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  if (token === 'true') return true;
  if (token === 'false') return false;
  if (token === 'null') return null;
  return undefined;
}

/** Parses `$filter`; null when the text is outside the subset (answered 400 like a syntax error). */
export function parseFilter(text: string): Expr | null {
  const tokens = tokenize(text);
  if (!tokens || tokens.length === 0) return null;
  let i = 0;
  const primary = (): Expr | null => {
    if (tokens[i] === '(') {
      i += 1;
      const inner = or();
      if (!inner || tokens[i] !== ')') return null;
      i += 1;
      return inner;
    }
    const field = tokens[i];
    const op = tokens[i + 1];
    const value = literal(tokens[i + 2]);
    if (!field || !/^[A-Za-z_]/.test(field) || !op || !['eq', 'ne', 'gt', 'lt', 'ge', 'le'].includes(op) || value === undefined) return null;
    i += 3;
    return { op: op as 'eq', field, value };
  };
  const and = (): Expr | null => {
    let left = primary();
    while (left && tokens[i] === 'and') {
      i += 1;
      const right = primary();
      left = right ? { op: 'and', left, right } : null;
    }
    return left;
  };
  const or = (): Expr | null => {
    let left = and();
    while (left && tokens[i] === 'or') {
      i += 1;
      const right = and();
      left = right ? { op: 'or', left, right } : null;
    }
    return left;
  };
  const expr = or();
  return expr && i === tokens.length ? expr : null;
}

/** The properties a filter names, to check them against the entity type. */
export function filterFields(expr: Expr): string[] {
  return 'field' in expr ? [expr.field] : [...filterFields(expr.left), ...filterFields(expr.right)];
}

// String comparisons ignore case, as Exact's database collation does (observed behaviour, not documented).
const norm = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);

export function matches(entity: SimEntity, expr: Expr): boolean {
  if (!('field' in expr)) return expr.op === 'and' ? matches(entity, expr.left) && matches(entity, expr.right) : matches(entity, expr.left) || matches(entity, expr.right);
  const actual = norm(entity[expr.field] ?? null);
  const wanted = norm(expr.value);
  switch (expr.op) {
    case 'eq': return actual === wanted;
    case 'ne': return actual !== wanted;
    case 'gt': return (actual as number) > (wanted as number);
    case 'lt': return (actual as number) < (wanted as number);
    case 'ge': return (actual as number) >= (wanted as number);
    case 'le': return (actual as number) <= (wanted as number);
  }
}

export interface ListQuery {
  /** Absolute URL of the collection, e.g. `http://127.0.0.1:4000/api/v1/123/crm/Accounts`. */
  collectionUrl: string;
  /** e.g. `Exact.Web.Api.Models.Account`. */
  type: string;
  /** The entity's key property (ID, EntryID, InvoiceID, Code). */
  key: string;
  /** Every property of the entity type ($select and $filter may name only these). */
  fields: readonly string[];
  params: URLSearchParams;
  pageSize: number;
}

/** `__metadata` of one entity: its own URI and type. */
export function withMetadata(entity: SimEntity, q: Pick<ListQuery, 'collectionUrl' | 'type' | 'key'>): SimEntity {
  const id = entity[q.key];
  const keyText = typeof id === 'number' ? String(id) : `guid'${String(id)}'`;
  return { __metadata: { uri: `${q.collectionUrl}(${keyText})`, type: q.type }, ...entity };
}

function project(entity: SimEntity, select: string[] | null): SimEntity {
  if (!select) return entity;
  return Object.fromEntries(select.map((field) => [field, entity[field] ?? null]));
}

/** One page of a collection, with `__next` when more remain. */
export function listPage(all: readonly SimEntity[], q: ListQuery): { ok: true; body: { d: { results: SimEntity[]; __next?: string } } } | { ok: false; error: ODataError } {
  const shortType = q.type.replace(/^Exact\.Web\.Api\.Models\./, '');
  const known = new Set(q.fields);
  const select = q.params.get('$select')?.split(',').map((s) => s.trim()).filter(Boolean) ?? null;
  for (const field of select ?? []) {
    if (!known.has(field)) return { ok: false, error: odataError(400, `No property '${field}' exists in type 'Exact.Web.Api.Models.${shortType}'`) };
  }
  let rows = [...all];
  const filterText = q.params.get('$filter');
  if (filterText) {
    const expr = parseFilter(filterText);
    if (!expr) return { ok: false, error: odataError(400, 'Syntax error in $filter') };
    for (const field of filterFields(expr)) {
      if (!known.has(field)) return { ok: false, error: odataError(400, `No property '${field}' exists in type 'Exact.Web.Api.Models.${shortType}'`) };
    }
    rows = rows.filter((r) => matches(r, expr));
  }
  // Paging walks the key order; $skiptoken names the last key of the previous page.
  rows.sort((a, b) => String(a[q.key]).localeCompare(String(b[q.key]), 'en', { numeric: true }));
  const skip = /^guid'([^']+)'$|^(\d+)$/.exec(q.params.get('$skiptoken') ?? '');
  if (skip) {
    const after = (skip[1] ?? skip[2] ?? '').toLowerCase();
    rows = rows.filter((r) => String(r[q.key]).toLowerCase().localeCompare(after, 'en', { numeric: true }) > 0);
  }
  const topRaw = q.params.get('$top');
  const top = topRaw !== null && /^\d+$/.test(topRaw) ? Number(topRaw) : null;
  const limit = Math.min(q.pageSize, top ?? Infinity);
  const page = rows.slice(0, limit);
  const more = rows.length > page.length && (top === null || top > page.length);
  const body: { d: { results: SimEntity[]; __next?: string } } = { d: { results: page.map((e) => project(withMetadata(e, q), select ? ['__metadata', ...select] : null)) } };
  const last = page[page.length - 1];
  if (more && last) {
    // Exact writes the next link unencoded: `?$select=ID,Code&$skiptoken=guid'…'` (see fixtures/sdk-gl-accounts.json).
    const readable = (v: string) => encodeURIComponent(v).replace(/%24/g, '$').replace(/%27/g, "'").replace(/%2C/gi, ',').replace(/%28/g, '(').replace(/%29/g, ')');
    const lastKey = last[q.key];
    const params = [...q.params].filter(([k]) => k !== '$skiptoken').map(([k, v]) => `${readable(k)}=${readable(v)}`);
    params.push(`$skiptoken=${typeof lastKey === 'number' ? String(lastKey) : `guid'${String(lastKey)}'`}`);
    body.d.__next = `${q.collectionUrl}?${params.join('&')}`;
  }
  return { ok: true, body };
}
