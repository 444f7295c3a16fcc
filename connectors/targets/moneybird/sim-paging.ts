import { buildLinkHeader } from '../../link-header';

export type PageResult<T> = { ok: true; items: T[]; link: string } | { ok: false; body: { error: string } };

/** Moneybird list paging: `page` from 1, `per_page` 1..100 (default 50), prev/next in `Link`. */
export function pageOf<T>(all: readonly T[], requestUrl: string): PageResult<T> {
  const params = new URL(requestUrl).searchParams;
  const perPageRaw = params.get('per_page') ?? '50';
  const pageRaw = params.get('page') ?? '1';
  const perPage = /^\d+$/.test(perPageRaw) ? Number(perPageRaw) : 0;
  const page = /^\d+$/.test(pageRaw) ? Number(pageRaw) : 0;
  if (perPage < 1 || perPage > 100) return { ok: false, body: { error: 'per_page does not have a valid value' } };
  if (page < 1) return { ok: false, body: { error: 'page does not have a valid value' } };
  const totalPages = Math.ceil(all.length / perPage);
  return { ok: true, items: all.slice((page - 1) * perPage, page * perPage), link: buildLinkHeader(requestUrl, page, totalPages, ['prev', 'next']) };
}
