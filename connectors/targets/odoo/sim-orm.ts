import { matches } from './sim-domain';
import type { SimRow, SimValue } from './sim-domain';
import { accessError, missingError, validationError, valueError } from './sim-errors';
import { fieldOf, MODELS } from './sim-models';
import type { OdooVersion } from './sim-models';

export type { SimRow, SimValue };

/** The simulated database: one company, its records, and what its API user may do. */
export interface SimDatabase {
  version: OdooVersion;
  name: string;
  uid: number;
  companyId: number;
  tables: Map<string, Map<number, SimRow>>;
  nextIds: Map<string, number>;
  /** `model:operation` pairs the API user lacks (access rights), and `post` for posting invoices. */
  denied: Set<string>;
  now: () => Date;
}

export type Context = Record<string, unknown>;

export function table(db: SimDatabase, model: string): Map<number, SimRow> {
  let rows = db.tables.get(model);
  if (!rows) {
    rows = new Map();
    db.tables.set(model, rows);
  }
  return rows;
}

export function insert(db: SimDatabase, model: string, values: Omit<SimRow, 'id'> & { id?: number }): SimRow {
  const id = values.id ?? db.nextIds.get(model) ?? 1;
  db.nextIds.set(model, Math.max(db.nextIds.get(model) ?? 1, id + 1));
  const row = { ...values, id } as SimRow;
  table(db, model).set(id, row);
  return row;
}

export function checkAccess(db: SimDatabase, model: string, operation: 'read' | 'write' | 'create' | 'unlink'): void {
  if (db.denied.has(`${model}:${operation}`)) throw accessError(model, MODELS[model]?.description ?? model, operation, operation === 'read' ? ['Accounting / Billing', 'Accounting / Read-only'] : MODELS[model]?.writeGroups ?? []);
}

export function requireModel(db: SimDatabase, model: string): void {
  if (!MODELS[model]) throw validationError(`Object ${model} doesn't exist`);
  void db;
}

const fieldExists = (db: SimDatabase, model: string) => (name: string): boolean => fieldOf(model, name, db.version) !== undefined;

export function displayName(db: SimDatabase, model: string, id: number): string {
  const row = table(db, model).get(id);
  if (!row) return `${model},${id}`;
  if (model === 'account.account') return `${String(row.code ?? '')} ${String(row.name ?? '')}`.trim();
  const name = row[MODELS[model]?.recName ?? 'name'];
  return typeof name === 'string' && name !== '' ? name : model === 'account.move' ? '/' : `${model},${id}`;
}

/** `order` as Odoo takes it: "sequence, id", "id desc". */
function sorter(order: string | undefined, model: string, db: SimDatabase): (a: SimRow, b: SimRow) => number {
  const keys = (order ?? 'id').split(',').map((part) => {
    const [name = 'id', direction = 'asc'] = part.trim().split(/\s+/);
    if (name !== 'id' && !fieldOf(model, name, db.version)) throw valueError(`Invalid "order" specified (${order ?? ''}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`);
    return { name, sign: direction.toLowerCase() === 'desc' ? -1 : 1 };
  });
  return (a, b) => {
    for (const { name, sign } of keys) {
      const [x, y] = [name === 'id' ? a.id : a[name], name === 'id' ? b.id : b[name]];
      if (x === y) continue;
      if (x === null || x === false || x === undefined) return sign;
      if (y === null || y === false || y === undefined) return -sign;
      return (x < y ? -1 : 1) * sign;
    }
    return 0;
  };
}

export function search(db: SimDatabase, model: string, domain: unknown, options: { offset?: unknown; limit?: unknown; order?: unknown; context?: Context } = {}): number[] {
  requireModel(db, model);
  checkAccess(db, model, 'read');
  const terms = domain === undefined || domain === null || domain === false ? [] : domain;
  if (!Array.isArray(terms)) throw valueError(`Invalid domain ${JSON.stringify(domain)}`);
  const activeTest = options.context?.active_test !== false && fieldOf(model, 'active', db.version) !== undefined
    && !terms.some((t) => Array.isArray(t) && t[0] === 'active');
  const rows = [...table(db, model).values()]
    .filter((row) => (!activeTest || row.active !== false) && matches(row, terms, model, fieldExists(db, model)))
    .sort(sorter(typeof options.order === 'string' ? options.order : undefined, model, db));
  const offset = typeof options.offset === 'number' ? options.offset : 0;
  const limit = typeof options.limit === 'number' ? options.limit : undefined;
  return rows.slice(offset, limit === undefined ? undefined : offset + limit).map((r) => r.id);
}

/** A field's value as `read` returns it: many2one `[id, name]` or false, empty text false. */
function readValue(db: SimDatabase, model: string, row: SimRow, name: string): unknown {
  if (model === 'account.tax' && name === 'price_include' && db.version >= 18) {
    const company = table(db, 'res.company').get(db.companyId);
    return row.price_include_override === 'tax_included' || (!row.price_include_override && company?.account_price_include === 'tax_included');
  }
  const spec = fieldOf(model, name, db.version);
  const value = row[name];
  if (!spec) return false;
  switch (spec.type) {
    case 'many2one': return typeof value === 'number' && spec.relation ? [value, displayName(db, spec.relation, value)] : false;
    case 'one2many':
    case 'many2many': return Array.isArray(value) ? value : [];
    case 'boolean': return value === true;
    case 'integer':
    case 'float':
    case 'monetary': return typeof value === 'number' ? value : 0;
    default: return value === null || value === undefined || value === '' ? false : value;
  }
}

export function read(db: SimDatabase, model: string, ids: readonly number[], fields: unknown): Record<string, unknown>[] {
  requireModel(db, model);
  checkAccess(db, model, 'read');
  const names = Array.isArray(fields) && fields.length > 0 ? fields.map(String) : Object.keys(MODELS[model]?.fields ?? {}).filter((f) => fieldOf(model, f, db.version));
  for (const name of names) if (name !== 'id' && name !== 'display_name' && !fieldOf(model, name, db.version)) throw valueError(`Invalid field '${name}' on model '${model}'`);
  return ids.map((id) => {
    const row = table(db, model).get(id);
    if (!row) throw missingError(`Record does not exist or has been deleted.\n(Record: ${model}(${id},), User: ${db.uid})`);
    const values: Record<string, unknown> = { id };
    for (const n of names) if (n !== 'id') values[n] = n === 'display_name' ? displayName(db, model, id) : readValue(db, model, row, n);
    return values;
  });
}

/** The FK check the database makes on insert, surfacing as Odoo's ValidationError (service/model.py `_as_validation_error`). */
export function foreignKeyViolation(model: string, field: string): Error {
  const spec = MODELS[model];
  return validationError(
    'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n'
    + `Model: ${spec?.description ?? model} (${model})\nConstraint: ${model.replace(/\./g, '_')}_${field}_fkey\n`,
  );
}

/** Checks the values of a create: known, writable fields; many2one ids that exist. */
export function checkValues(db: SimDatabase, model: string, values: unknown): Record<string, unknown> {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) throw valueError(`Invalid values for ${model}: expected a dictionary`);
  for (const [name, value] of Object.entries(values)) {
    const spec = fieldOf(model, name, db.version);
    if (!spec) throw valueError(`Invalid field '${name}' on model '${model}'`);
    if (spec.type === 'many2one' && value !== false && value !== null) {
      if (typeof value !== 'number' || !spec.relation || !table(db, spec.relation).has(value)) throw foreignKeyViolation(model, name);
    }
    if (spec.type === 'selection' && value !== false && !spec.selection?.includes(String(value))) throw valueError(`Wrong value for ${model}.${name}: ${JSON.stringify(value)}`);
  }
  return values as Record<string, unknown>;
}
