import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from './base-url';

describe('parseBaseUrl', () => {
  it('accepts https anywhere and plain http only to loopback', () => {
    for (const ok of ['https://shop.example.nl', 'https://moneybird.com/', 'http://127.0.0.1:8080', 'http://127.9.8.7', 'http://localhost:3000/shop', 'http://[::1]:4000']) {
      expect(() => parseBaseUrl(ok)).not.toThrow();
    }
  });

  it('rejects plain http to anything else, other schemes, and credentials in the URL', () => {
    for (const bad of ['http://shop.example.nl', 'http://10.0.0.1', 'http://127.0.0.1.evil.example', 'http://localhost.evil.example', 'http://[::2]', 'ftp://127.0.0.1', 'https://user:pw@shop.example.nl', 'not a url', 'https://shop.example.nl/?consumer_key=ck_x']) {
      expect(() => parseBaseUrl(bad), bad).toThrow(expect.objectContaining({ code: 'VALIDATION' }) as Error);
    }
  });

  it('never echoes the URL (it may hold secrets) in the error', () => {
    try {
      parseBaseUrl('https://ck_secret:cs_secret@shop.example.nl');
      expect.unreachable();
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('secret');
      expect((error as Error).message).not.toContain('secret');
    }
  });
});
