/**
 * IP anonymisation for access analytics (DESIGN.md: "IP cut to its first 3 bytes"). Only the
 * network part survives:
 * - IPv4: the first 3 bytes are kept, the last is zeroed (203.0.113.77 → 203.0.113.0).
 * - IPv6: the first 48 bits are kept and the other 80 zeroed (2001:db8:85a3:8d3::1 → 2001:db8:85a3::),
 *   the same cut as Google Analytics' IP anonymisation.
 * - IPv4-mapped IPv6 (::ffff:203.0.113.77, what a dual-stack socket reports) is treated as IPv4.
 */

export class InvalidIpError extends Error {
  override readonly name = 'InvalidIpError';

  constructor() {
    // The address itself is personal data, so it stays out of the message.
    super('not a valid IPv4 or IPv6 address');
  }
}

export type ParsedIp = { version: 4; bytes: number[] } | { version: 6; hextets: number[] };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function parseIpv4(text: string): number[] | null {
  if (!IPV4.test(text)) return null;
  return text.split('.').map(Number);
}

/** Eight 16-bit groups, or null. Accepts `::` compression, a trailing dotted IPv4 and a zone (`%eth0`, dropped). */
export function parseIpv6(text: string): number[] | null {
  const address = text.replace(/%[^%]+$/, '');
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (!v4) return null;
        groups.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        groups.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return groups;
  };
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (!head || !tail) return null;
  if (halves.length === 1) return head.length === 8 ? head : null;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return null; // '::' stands for at least one zero group
  return [...head, ...Array<number>(missing).fill(0), ...tail];
}

export function parseIp(text: string): ParsedIp | null {
  const trimmed = text.trim().replace(/^\[(.*)\]$/, '$1');
  const v4 = parseIpv4(trimmed);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(trimmed);
  if (!v6) return null;
  // ::ffff:a.b.c.d is an IPv4 address seen through an IPv6 socket.
  if (v6.slice(0, 5).every((g) => g === 0) && v6[5] === 0xffff) {
    const hi = v6[6] ?? 0;
    const lo = v6[7] ?? 0;
    return { version: 4, bytes: [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff] };
  }
  return { version: 6, hextets: v6 };
}

/** The anonymised address; throws InvalidIpError when `ip` is not an address. */
export function anonymiseIp(ip: string): string {
  const parsed = parseIp(ip);
  if (!parsed) throw new InvalidIpError();
  if (parsed.version === 4) return [...parsed.bytes.slice(0, 3), 0].join('.');
  return formatIpv6([...parsed.hextets.slice(0, 3), 0, 0, 0, 0, 0]);
}

/** Like anonymiseIp, but null for anything that is not an address (for untrusted headers). */
export function tryAnonymiseIp(ip: string): string | null {
  const parsed = parseIp(ip);
  return parsed ? anonymiseIp(ip) : null;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(hextets: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < hextets.length; ) {
    if (hextets[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < hextets.length && hextets[j] === 0) j += 1;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = hextets.map((g) => g.toString(16));
  if (bestLength < 2) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
