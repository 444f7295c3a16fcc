import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';

export const LOCALES = ['nl', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = 'doorzet_lang';

const isLocale = (value: string | undefined): value is Locale => value === 'nl' || value === 'en';

/** The language switch's choice (a cookie) wins; else the best of Accept-Language; else English. */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(cookie)) return cookie;
  const ranked = (acceptLanguage ?? '').split(',').map((part, index) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    return { lang: tag.toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
  }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((r) => r.lang).find(isLocale) ?? 'en';
}

export function localeOf(c: Context): Locale {
  return pickLocale(getCookie(c, LOCALE_COOKIE), c.req.header('accept-language'));
}

export function toLocale(value: string | undefined): Locale | null {
  return isLocale(value) ? value : null;
}
