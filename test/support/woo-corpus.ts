import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a corpus sidecar says: where the payload comes from, what was adapted, what doorzet must do with it. */
export interface CorpusSidecar {
  source: { repository?: string; path?: string; commit?: string; url?: string };
  adapted: string | null;
  expect: {
    bookable: boolean; regime?: string; issueCodes?: string[];
    /** When the live shop knows more than the payload (e.g. a rate the order does not record), the end-to-end outcome. */
    e2eIssueCodes?: string[]; totalInclCents?: number; paymentsCents?: number; skipSettings?: 'zero-value' };
}

const dir = join(import.meta.dirname, '..', '..', 'connectors', 'sources', 'woocommerce', 'corpus');

/** The payload names of the WooCommerce corpus, sorted. */
export const corpusNames: readonly string[] = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.source.json')).map((f) => f.slice(0, -5)).sort();

export function loadCorpus(name: string): { order: Record<string, unknown>; sidecar: CorpusSidecar } {
  return {
    order: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>,
    sidecar: JSON.parse(readFileSync(join(dir, `${name}.source.json`), 'utf8')) as CorpusSidecar,
  };
}
