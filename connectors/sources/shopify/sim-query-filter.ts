import type { SimOrder } from './sim-types';

/**
 * The parts of Shopify's search syntax the simulator understands for `orders(query:)`:
 * `updated_at:>'2026-01-01T00:00:00Z'` (also >=, <, <=, and created_at / processed_at), `source_name:pos`,
 * `test:true|false`, terms joined by spaces (AND). Unknown fields are ignored, as Shopify ignores them
 * (it reports them in `extensions.search`). https://shopify.dev/docs/api/usage/search-syntax
 */
export interface ParsedQuery {
  matches(order: SimOrder): boolean;
  warnings: { field: string; message: string }[];
}

const dateFields: Record<string, keyof SimOrder> = { updated_at: 'updatedAt', created_at: 'createdAt', processed_at: 'processedAt' };

export function parseOrderQuery(query: string | null | undefined): ParsedQuery {
  const tests: ((o: SimOrder) => boolean)[] = [];
  const warnings: ParsedQuery['warnings'] = [];
  const terms = (query ?? '').match(/\S+?:(?:[<>]=?)?(?:'[^']*'|"[^"]*"|\S+)/g) ?? [];
  for (const term of terms) {
    const match = /^([a-z_]+):([<>]=?)?(.*)$/.exec(term);
    if (!match) continue;
    const [, field = '', op = '', rawValue = ''] = match;
    const value = rawValue.replace(/^['"]|['"]$/g, '');
    const dateField = dateFields[field];
    if (dateField) {
      const at = Date.parse(value);
      if (Number.isNaN(at)) {
        warnings.push({ field, message: `Invalid date: ${value.slice(0, 40)}` });
        continue;
      }
      const compare: Record<string, (t: number) => boolean> = { '>': (t) => t > at, '>=': (t) => t >= at, '<': (t) => t < at, '<=': (t) => t <= at, '': (t) => t === at };
      const check = compare[op] ?? compare[''];
      // Shopify compares whole seconds.
      tests.push((o) => check!(Math.floor(Date.parse(o[dateField] as string) / 1000) * 1000));
    } else if (field === 'source_name') {
      tests.push((o) => o.sourceName === value);
    } else if (field === 'test') {
      tests.push((o) => String(o.test) === value);
    } else {
      warnings.push({ field, message: 'Invalid search field for this query.' });
    }
  }
  return { matches: (o) => tests.every((t) => t(o)), warnings };
}
