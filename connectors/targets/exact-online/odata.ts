import { z } from 'zod';

/** OData v2/v3 conventions of Exact's REST API (JSON "verbose" format). */

/** A string literal inside `$filter`: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A guid literal inside `$filter`. */
export function odataGuid(value: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) throw new TypeError('not a guid');
  return `guid'${value}'`;
}

/** `/Date(1736467200000)/` → epoch ms; null for anything else. */
export function parseODataDate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value);
  return match ? Number(match[1]) : null;
}

/** epoch ms → `/Date(ms)/`. */
export function formatODataDate(ms: number): string {
  return `/Date(${ms})/`;
}

/** A list: `{"d": {"results": [...], "__next": "<absolute url with $skiptoken>"}}`; `__next` absent on the last page. */
export const listEnvelope = <T extends z.ZodType>(item: T) => z.object({ d: z.object({ results: z.array(item), __next: z.string().optional() }) });

/** A single entity, e.g. the answer to a POST with `Prefer: return=representation`. */
export const entityEnvelope = <T extends z.ZodType>(entity: T) => z.object({ d: entity });

/** Exact's error body: `{"error":{"code":"","message":{"lang":"","value":"..."}}}`. */
export const errorBodySchema = z.object({ error: z.object({ code: z.string().optional(), message: z.object({ lang: z.string().optional(), value: z.string() }) }) });
