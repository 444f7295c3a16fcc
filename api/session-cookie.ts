import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'doorzet_session';
// The dashboard pages and the codec endpoint (the Temporal UI sends it cross-origin) read the cookie; the JSON API wants a Bearer token.
const COOKIE_PATH = '/';

export function setSessionCookie(c: Context, token: string, expiresAt: Date, publicUrl: string): void {
  const secure = publicUrl.startsWith('https:');
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    path: COOKIE_PATH,
    expires: expiresAt,
    // Cross-site (UI on another domain) needs None, which browsers accept only with Secure; on http dev, ports share a site.
    sameSite: secure ? 'None' : 'Lax',
    secure,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: COOKIE_PATH });
}

export function sessionTokenFrom(c: Context, allowCookie: boolean): string | null {
  const header = c.req.header('authorization');
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (match?.[1]) return match[1];
  return allowCookie ? (getCookie(c, SESSION_COOKIE) ?? null) : null;
}
