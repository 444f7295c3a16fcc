import { describe, expect, it } from 'vitest';
import { moneybirdRetryAfterMs } from './rate-limit';
import { missingScopes, moneybirdVendorError } from './vendor-error';

const now = Date.parse('2026-12-01T12:00:00Z');
const failed = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  vendor: 'moneybird', method: 'GET', path: '/api/v2/1/sales_invoices.json', status, headers: new Headers(headers), body, isWrite: false,
});

describe('Moneybird rate-limit headers', () => {
  it('reads Retry-After and RateLimit-Reset as UTC epoch seconds, as the spec defines them', () => {
    const inTwelve = String(now / 1000 + 12);
    expect(moneybirdRetryAfterMs(new Headers({ 'Retry-After': inTwelve }), now)).toBe(12_000);
    expect(moneybirdRetryAfterMs(new Headers({ 'RateLimit-Reset': inTwelve, 'Retry-After': String(now / 1000 + 3) }), now)).toBe(12_000);
    // The spec's own example value (2021-01-01) lies in the past: retry at once, never wait decades.
    expect(moneybirdRetryAfterMs(new Headers({ 'Retry-After': '1609459200' }), now)).toBe(0);
  });

  it('reads a small value as seconds and never waits longer than one rate-limit window', () => {
    expect(moneybirdRetryAfterMs(new Headers({ 'Retry-After': '7' }), now)).toBe(7_000);
    expect(moneybirdRetryAfterMs(new Headers({ 'Retry-After': String(now / 1000 + 86_400) }), now)).toBe(300_000);
    expect(moneybirdRetryAfterMs(new Headers(), now)).toBeUndefined();
  });
});

describe('Moneybird error bodies', () => {
  it('turns 401 "No access to <scopes>" into MISSING_SCOPE naming the scopes, not revoked credentials', () => {
    expect(missingScopes({ error: 'No access to sales_invoices' })).toEqual(['sales_invoices']);
    expect(missingScopes({ error: 'No access to documents, sales_invoices and bank' })).toEqual(['documents', 'sales_invoices', 'bank']);
    expect(missingScopes({ error: 'No access to sales_invoices or estimates' })).toEqual(['sales_invoices', 'estimates']);
    expect(missingScopes({ error: 'Token is invalid', symbolic: { token: 'invalid' } })).toBeNull();
    const e = moneybirdVendorError(failed(401, { error: 'No access to sales_invoices' }));
    expect(e).toMatchObject({ code: 'MISSING_SCOPE', retryable: false, details: { status: 401, issues: [{ code: 'missing_scope', path: 'scope', message: 'sales_invoices' }] } });
  });

  it('leaves a bad token and other statuses to the generic mapping', () => {
    expect(moneybirdVendorError(failed(401, { error: 'Token is invalid', symbolic: { token: 'invalid' } }))).toBeUndefined();
    expect(moneybirdVendorError(failed(404, { error: 'record not found' }))).toBeUndefined();
    expect(moneybirdVendorError(failed(429, 'Retry later', { 'Retry-After': String(Math.ceil(Date.now() / 1000) + 5) }))).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
  });
});
