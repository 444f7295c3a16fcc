import { z } from 'zod';
import type { SaleLine } from '../../../domain/sale';
import { ConnectorError } from '../../errors';
import type { ExactTargetOptions } from './target-options';

/** `GET /vat/VATCodes` fields doorzet reads (picqer's VatCode docblock quotes Exact's field list). */
export const vatCodeFields = 'Code,Description,Percentage,Type,VATTransactionType,IsBlocked,EUSalesListing,OssCountry';

export const vatCodeSchema = z.object({
  Code: z.string(),
  Description: z.string().nullish(),
  /** A fraction: 0.21 for 21 %. */
  Percentage: z.number(),
  /** B = VAT 0 % (base amount only), E = excluding, I = including, N = no VAT. */
  Type: z.string().nullish(),
  /** S = sales, P = purchase, B = both. */
  VATTransactionType: z.string().nullish(),
  IsBlocked: z.boolean().nullish(),
  /** L = listing goods, S = listing services, T = triangulation, N = no listing (the ICP return). */
  EUSalesListing: z.string().nullish(),
  /** Set on One-Stop-Shop codes (OSS feature set). */
  OssCountry: z.string().nullish(),
});

export interface ExactVatCode {
  code: string;
  description: string;
  rateBp: number;
  type: string;
  listing: string;
  ossCountry: string;
}

/** Sales VAT codes that may still be used, with the percentage in basis points. */
export function usableSalesCodes(rows: readonly z.output<typeof vatCodeSchema>[]): ExactVatCode[] {
  return rows
    .filter((r) => !r.IsBlocked && (r.VATTransactionType ?? 'B').trim() !== 'P')
    .map((r) => ({
      code: r.Code,
      description: r.Description ?? '',
      rateBp: Math.round(r.Percentage * 10_000),
      type: (r.Type ?? 'E').trim().toUpperCase(),
      listing: (r.EUSalesListing ?? 'N').trim().toUpperCase(),
      ossCountry: (r.OssCountry ?? '').trim().toUpperCase(),
    }));
}

const EXPORT = /export|buiten (de )?eu|outside (the )?eu|non-eu|extra-eu|drittland/i;
const byCode = (a: ExactVatCode, b: ExactVatCode) => a.code.trim().localeCompare(b.code.trim(), 'en', { numeric: true });

type Line = Pick<SaleLine, 'vatRateBp' | 'vatCountry' | 'regime'>;

/** One line's VAT code: by regime, rate and (OSS) country; the tenant's overrides win. Null when none fits. */
export function vatCodeFor(line: Line, codes: readonly ExactVatCode[], options: Partial<ExactTargetOptions>): string | null {
  const known = (code: string | undefined) => (code ? codes.find((c) => c.code.trim() === code.trim())?.code ?? null : null);
  const plain = codes.filter((c) => c.ossCountry === '' && !['L', 'S', 'T'].includes(c.listing) && c.type !== 'N' && c.type !== 'I');
  const first = (list: ExactVatCode[]) => [...list].sort(byCode)[0]?.code ?? null;
  switch (line.regime) {
    case 'oss':
      return first(codes.filter((c) => c.ossCountry === line.vatCountry.toUpperCase() && c.rateBp === line.vatRateBp && c.type !== 'N'));
    case 'reverse-charge':
      return known(options.vatCodeReverseCharge) ?? first(codes.filter((c) => c.rateBp === 0 && c.listing === 'L')) ?? first(codes.filter((c) => c.rateBp === 0 && c.listing === 'S'));
    case 'export':
      return known(options.vatCodeExport) ?? first(plain.filter((c) => c.rateBp === 0 && EXPORT.test(c.description)));
    case 'outside-scope':
      return known(options.vatCodeOutsideScope) ?? first(codes.filter((c) => c.type === 'N' && c.ossCountry === ''));
    case 'domestic':
      if (line.vatRateBp === 0) return known(options.vatCodeDomesticZero) ?? first(plain.filter((c) => c.rateBp === 0 && !EXPORT.test(c.description)));
      return first(plain.filter((c) => c.rateBp === line.vatRateBp));
  }
}

/** VAT codes for every line, or UNKNOWN_VAT_RATE naming each regime, country and rate without one. */
export function vatCodesForLines(lines: readonly Line[], codes: readonly ExactVatCode[], options: Partial<ExactTargetOptions>): string[] {
  const missing = new Map<string, Line>();
  const result = lines.map((line) => {
    const code = vatCodeFor(line, codes, options);
    if (code === null) missing.set(`${line.regime}/${line.vatCountry}/${line.vatRateBp}`, line);
    return code ?? '';
  });
  if (missing.size > 0) {
    const issues = [...missing.values()].map((l) => ({
      code: 'unknown_vat_rate', path: 'lines.vatRateBp', message: `no VAT code for ${l.vatRateBp / 100}% ${l.regime}${l.regime === 'oss' ? ` ${l.vatCountry}` : ''}`,
    }));
    throw new ConnectorError('UNKNOWN_VAT_RATE', `exact-online administration has no VAT code for ${issues.map((i) => i.message.replace(/^no VAT code for /, '')).join(', ')}`, { issues });
  }
  return result;
}
