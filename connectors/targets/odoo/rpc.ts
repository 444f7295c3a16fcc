/**
 * The few ORM calls doorzet makes, independent of the wire: the JSON-2 API (Odoo 19) and XML-RPC
 * (Odoo 17, 18) each implement this, so the booking code is written once.
 */

/** A JSON-compatible value as both protocols carry it (XML-RPC has no null: leave keys out instead). */
export type OdooValue = string | number | boolean | OdooValue[] | { [key: string]: OdooValue };

/** One leaf `[field, operator, value]` or a prefix operator of Odoo's domain syntax. */
export type DomainTerm = [string, string, OdooValue] | '&' | '|' | '!';

export interface SearchReadOptions {
  limit?: number;
  order?: string;
  context?: Record<string, OdooValue>;
}

export interface OdooRpc {
  /** `model.search_read(domain, fields, limit=…, order=…)`: the matching records with those fields. */
  searchRead(model: string, domain: DomainTerm[], fields: string[], options?: SearchReadOptions): Promise<unknown>;
  /** `model.create(vals)`: the new record's id. */
  create(model: string, values: Record<string, OdooValue>): Promise<number>;
  /** A public method on records, e.g. `account.move.action_post` on `[id]`: its return value. */
  callOnRecords(model: string, method: string, ids: number[]): Promise<unknown>;
  /** `model.write(vals)` on records. */
  write(model: string, ids: number[], values: Record<string, OdooValue>): Promise<unknown>;
  /** Proves the credentials (and, for XML-RPC, resolves the user id). */
  authenticate(): Promise<void>;
}
