import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hmacSha256Base64, verifyHmacSha256Base64 } from './hmac';

describe('hmac', () => {
  it('matches RFC 4231 test case 2', async () => {
    const expected = Buffer.from('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'hex').toString('base64');
    expect(await hmacSha256Base64('Jefe', 'what do ya want for nothing?')).toBe(expected);
  });

  it('matches node:crypto for a long key and a binary body', async () => {
    const secret = 'wc_webhook_secret_'.repeat(8);
    const body = new Uint8Array(Array.from({ length: 1000 }, (_, i) => i % 256));
    const expected = createHmac('sha256', secret).update(body).digest('base64');
    expect(await hmacSha256Base64(secret, body)).toBe(expected);
    expect(await hmacSha256Base64(secret, '{"id":1,"naam":"Bäcker"}')).toBe(
      createHmac('sha256', secret).update('{"id":1,"naam":"Bäcker"}', 'utf8').digest('base64'),
    );
  });

  it('verifies signatures', async () => {
    const body = '{"id":123}';
    const signature = createHmac('sha256', 's3cret').update(body).digest('base64');
    expect(await verifyHmacSha256Base64('s3cret', body, signature)).toBe(true);
    expect(await verifyHmacSha256Base64('s3cret', body + ' ', signature)).toBe(false);
    expect(await verifyHmacSha256Base64('other', body, signature)).toBe(false);
    expect(await verifyHmacSha256Base64('s3cret', body, signature.slice(0, 20))).toBe(false);
    expect(await verifyHmacSha256Base64('s3cret', body, '!!!')).toBe(false);
    expect(await verifyHmacSha256Base64('s3cret', body, '')).toBe(false);
  });
});
