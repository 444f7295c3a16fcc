import { describe, expect, it } from 'vitest';
import { safeNext } from './index';

describe('safeNext (where the login page sends the browser after logging in)', () => {
  it('keeps paths on this site', () => {
    expect(safeNext('/dashboard/abc/errors?x=1')).toBe('/dashboard/abc/errors?x=1');
  });
  it('refuses other sites, protocol-relative URLs and junk', () => {
    for (const bad of ['https://evil.example/', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', undefined, 42]) {
      expect(safeNext(bad)).toBe('/dashboard');
    }
  });
});
