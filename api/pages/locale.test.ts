import { describe, expect, it } from 'vitest';
import { pickLocale } from './locale';

describe('pickLocale', () => {
  it('takes the switch cookie over the browser', () => {
    expect(pickLocale('en', 'nl-NL,nl;q=0.9')).toBe('en');
  });
  it('ranks Accept-Language by q', () => {
    expect(pickLocale(undefined, 'de-DE,de;q=0.9,nl;q=0.8,en;q=0.7')).toBe('nl');
    expect(pickLocale(undefined, 'en;q=0.5,nl-BE;q=0.6')).toBe('nl');
    expect(pickLocale(undefined, 'fr,en-GB;q=0.3')).toBe('en');
  });
  it('falls back to English', () => {
    expect(pickLocale(undefined, undefined)).toBe('en');
    expect(pickLocale('xx', 'fr')).toBe('en');
  });
});
