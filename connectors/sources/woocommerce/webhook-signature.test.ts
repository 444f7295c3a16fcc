import { describe, expect, it } from 'vitest';
import { signWooWebhook, verifyWooWebhook } from './webhook-signature';

const secret = 'whsec-test';
const body = '{"id":1001,"status":"processing","total":"12.10"}';

describe('verifyWooWebhook', () => {
  it('accepts the signature WooCommerce computes', () => {
    // base64(HMAC-SHA256(body, secret)), fixed vector so a swap of implementation stays compatible.
    expect(signWooWebhook('hello', 'secret')).toBe('iKqz7ejTrflNJquQ07r9SiCDBww7zOnAFO4EpEOEfAs=');
    expect(verifyWooWebhook(body, signWooWebhook(body, secret), secret)).toBe(true);
    expect(verifyWooWebhook(Buffer.from(body), signWooWebhook(body, secret), secret)).toBe(true);
  });

  it('rejects a signature made with another secret', () => {
    expect(verifyWooWebhook(body, signWooWebhook(body, 'other'), secret)).toBe(false);
  });

  it('rejects a tampered body', () => {
    const signature = signWooWebhook(body, secret);
    expect(verifyWooWebhook(body.replace('12.10', '0.01'), signature, secret)).toBe(false);
  });

  it('rejects missing or malformed headers and an empty secret', () => {
    expect(verifyWooWebhook(body, undefined, secret)).toBe(false);
    expect(verifyWooWebhook(body, '', secret)).toBe(false);
    expect(verifyWooWebhook(body, 'not-base64!', secret)).toBe(false);
    expect(verifyWooWebhook(body, signWooWebhook(body, ''), '')).toBe(false);
  });
});
