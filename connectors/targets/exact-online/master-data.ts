import { z } from 'zod';
import type { LedgerKey } from '../../../domain/ledger';
import { ConnectorError } from '../../errors';
import type { ExactHttp } from './exact-http';
import { odataString } from './odata';
import { usableSalesCodes, vatCodeFields, vatCodeSchema, type ExactVatCode } from './vat-codes';

/**
 * The administration's master data a booking needs (VAT codes, GL accounts, the sales journal, an item),
 * read once and kept per process for a while: within Exact's 60 calls a minute every read counts, and
 * the worker rebuilds its connectors every minute.
 */

const TTL_MS = 10 * 60_000;
const cache = new Map<string, { value: Promise<unknown>; expiresAt: number }>();

function cached<T>(key: string, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { value, expiresAt: now + TTL_MS });
  value.catch(() => cache.delete(key));
  return value;
}

/** Tests start a fresh simulator per case on a recycled port: they clear what an earlier one answered. */
export function clearMasterDataCache(): void {
  cache.clear();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REVENUE = 110;
const SALES_JOURNAL = 20;

const glAccountSchema = z.object({ ID: z.string(), Code: z.string(), Type: z.number().nullish(), IsBlocked: z.boolean().nullish() });
const journalSchema = z.object({ Code: z.string(), Type: z.number().nullish(), IsBlocked: z.boolean().nullish() });
const itemSchema = z.object({ ID: z.string(), Code: z.string() });

const byCode = <T extends { Code: string }>(a: T, b: T) => a.Code.trim().localeCompare(b.Code.trim(), 'en', { numeric: true });

function notFound(path: string, message: string): ConnectorError {
  return new ConnectorError('VALIDATION', `exact-online: ${message}`, { issues: [{ code: 'not_found', path, message }] });
}

export interface MasterData {
  vatCodes(): Promise<ExactVatCode[]>;
  /** The GL account (guid) for a line kind: the tenant's mapping (a guid or a code), else the first revenue account. */
  glAccount(key: LedgerKey, mapping: Partial<Record<LedgerKey, string>>): Promise<string>;
  /** The sales journal code: the tenant's choice, else the first sales journal. */
  salesJournal(chosen: string | undefined): Promise<string>;
  item(code: string): Promise<string>;
}

export function createMasterData(http: ExactHttp, scope: string, division: string): MasterData {
  const key = (what: string) => `${scope}|${division}|${what}`;
  const base = `/${division}`;

  const glByCode = (code: string) => cached(key(`gl:${code}`), async () => {
    const rows = await http.list(`${base}/financial/GLAccounts`, { $filter: `Code eq ${odataString(code)}`, $select: 'ID,Code,Type,IsBlocked' }, glAccountSchema, 1);
    const row = rows.find((r) => r.Code.trim() === code.trim() && !r.IsBlocked);
    if (!row) throw notFound('ledgerAccounts', `no usable GL account with code ${code}`);
    return row.ID;
  });

  const defaultRevenue = () => cached(key('gl:revenue'), async () => {
    const rows = await http.list(`${base}/financial/GLAccounts`, { $filter: `Type eq ${REVENUE}`, $select: 'ID,Code,Type,IsBlocked' }, glAccountSchema, 5);
    const first = rows.filter((r) => !r.IsBlocked).sort(byCode)[0];
    if (!first) throw notFound('ledgerAccounts', 'the administration has no revenue GL account');
    return first.ID;
  });

  return {
    vatCodes: () => cached(key('vat'), async () => usableSalesCodes(await http.list(`${base}/vat/VATCodes`, { $select: vatCodeFields }, vatCodeSchema, 10))),

    async glAccount(ledgerKey, mapping) {
      const mapped = mapping[ledgerKey]?.trim();
      if (mapped && GUID.test(mapped)) return mapped;
      if (mapped) return glByCode(mapped);
      return defaultRevenue();
    },

    salesJournal: (chosen) => cached(key(`journal:${chosen ?? ''}`), async () => {
      const filter = chosen ? `Code eq ${odataString(chosen)}` : `Type eq ${SALES_JOURNAL}`;
      const rows = await http.list(`${base}/financial/Journals`, { $filter: filter, $select: 'Code,Type,IsBlocked' }, journalSchema, 2);
      const usable = rows.filter((r) => !r.IsBlocked && (r.Type ?? SALES_JOURNAL) === SALES_JOURNAL).sort(byCode)[0];
      if (!usable) throw notFound('targetOptions.journal', chosen ? `no usable sales journal ${chosen}` : 'the administration has no sales journal');
      return usable.Code;
    }),

    item: (code) => cached(key(`item:${code}`), async () => {
      const rows = await http.list(`${base}/logistics/Items`, { $filter: `Code eq ${odataString(code)}`, $select: 'ID,Code' }, itemSchema, 1);
      const row = rows.find((r) => r.Code.trim() === code.trim());
      if (!row) throw notFound('targetOptions.item', `no item with code ${code}`);
      return row.ID;
    }),
  };
}
