import { describe, expect, it } from 'vitest';
import { InvalidIpError, anonymiseIp, formatIpv6, parseIpv6, tryAnonymiseIp } from './ip-address';

describe('anonymiseIp', () => {
  it('keeps the first 3 bytes of an IPv4 address', () => {
    expect(anonymiseIp('203.0.113.77')).toBe('203.0.113.0');
    expect(anonymiseIp('10.0.0.255')).toBe('10.0.0.0');
    expect(anonymiseIp('0.0.0.0')).toBe('0.0.0.0');
    expect(anonymiseIp(' 192.168.1.1 ')).toBe('192.168.1.0');
  });

  it('keeps the first 48 bits of an IPv6 address', () => {
    expect(anonymiseIp('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::');
    expect(anonymiseIp('2001:0DB8:85A3:08D3::1')).toBe('2001:db8:85a3::');
    expect(anonymiseIp('2001:db8::1')).toBe('2001:db8::');
    expect(anonymiseIp('::1')).toBe('::');
    expect(anonymiseIp('fe80::1%eth0')).toBe('fe80::');
    expect(anonymiseIp('[2001:db8:1:2::3]')).toBe('2001:db8:1::');
  });

  it('treats IPv4-mapped IPv6 as IPv4', () => {
    expect(anonymiseIp('::ffff:203.0.113.77')).toBe('203.0.113.0');
    expect(anonymiseIp('::FFFF:cb00:714d')).toBe('203.0.113.0');
    expect(anonymiseIp('0:0:0:0:0:ffff:203.0.113.77')).toBe('203.0.113.0');
    // Not mapped: the embedded IPv4 form elsewhere stays IPv6.
    expect(anonymiseIp('64:ff9b::203.0.113.77')).toBe('64:ff9b::');
  });

  it.each(['', 'localhost', '256.1.1.1', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1:2:3:4:5:6:7:8:9', '1::2::3', '12345::', 'g::1', '::ffff:1.2.3', '1:2:3:4:5:6:7::8'])(
    'rejects %j without echoing it',
    (input) => {
      expect(() => anonymiseIp(input)).toThrow(InvalidIpError);
      expect(tryAnonymiseIp(input)).toBeNull();
      if (input !== '') {
        try {
          anonymiseIp(input);
        } catch (error) {
          expect((error as Error).message).not.toContain(input);
        }
      }
    },
  );
});

describe('IPv6 helpers', () => {
  it('parses compressed forms and formats per RFC 5952', () => {
    expect(parseIpv6('::')).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(parseIpv6('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6([1, 2, 3, 4, 5, 6, 7, 8])).toBe('1:2:3:4:5:6:7:8');
  });
});
