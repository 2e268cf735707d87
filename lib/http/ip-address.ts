/**
 * Strict IP address parsing for the client address (rate-limit keys, the security event log, the
 * loopback check of /dev/outbox). Whatever is not exactly one IPv4 or IPv6 address is refused, so
 * a header value never becomes a key or a log entry as typed. Pure and edge-safe (no node:net).
 */

export type IpAddress = { version: 4; octets: readonly number[] } | { version: 6; groups: readonly number[] };

// The longest textual IPv6 address, with an embedded IPv4 tail, brackets and a zone, is well
// under this; anything longer is refused before any pattern runs on it.
const MAX_TEXT = 64;

const IPV4_OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// No leading zeros: `010.0.0.1` is octal to some parsers and decimal to others.
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
// A zone (`fe80::1%eth0`) names a local interface; it is accepted and dropped.
const ZONE = /%[\w.-]{1,32}$/;

function parseOctets(text: string): number[] | null {
  return IPV4.test(text) ? text.split('.').map(Number) : null;
}

/** Hex groups of one side of `::`, an IPv4 tail counting as two; null if any part is malformed. */
function parseGroups(side: string, allowIpv4Tail: boolean): number[] | null {
  if (side === '') return [];
  const parts = side.split(':');
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (allowIpv4Tail && index === parts.length - 1 && part.includes('.')) {
      const octets = parseOctets(part);
      if (!octets) return null;
      const [a, b, c, d] = octets as [number, number, number, number];
      groups.push((a << 8) | b, (c << 8) | d);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function parseIpv6(text: string): IpAddress | null {
  const address = text.replace(ZONE, '');
  const halves = address.split('::');
  if (halves.length > 2) return null;
  if (halves.length === 1) {
    const groups = parseGroups(address, true);
    return groups && groups.length === 8 ? { version: 6, groups } : null;
  }
  const [head, tail] = halves as [string, string];
  const left = parseGroups(head, false);
  const right = parseGroups(tail, true);
  if (!left || !right || left.length + right.length > 7) return null;
  return { version: 6, groups: [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right] };
}

/** One IPv4 (dotted decimal) or IPv6 address, optionally in brackets; null for anything else. */
export function parseIpAddress(text: string): IpAddress | null {
  if (text.length === 0 || text.length > MAX_TEXT) return null;
  if (text.startsWith('[')) return text.endsWith(']') ? parseIpv6(text.slice(1, -1)) : null;
  if (text.includes(':')) return parseIpv6(text);
  const octets = parseOctets(text);
  return octets ? { version: 4, octets } : null;
}

/** `::ffff:a.b.c.d` is an IPv4 client on a dual-stack socket: the same client as `a.b.c.d`. */
function unmapped(address: IpAddress): IpAddress {
  if (address.version === 4) return address;
  const [g0, g1, g2, g3, g4, g5, g6, g7] = address.groups as [number, number, number, number, number, number, number, number];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) {
    return { version: 4, octets: [g6 >> 8, g6 & 0xff, g7 >> 8, g7 & 0xff] };
  }
  return address;
}

/**
 * The form a client is counted and logged under: IPv4 as dotted decimal, IPv6 cut to its /64 (the
 * block one subscriber usually holds, so rotating through it does not dodge a per-address limit).
 */
export function addressKey(address: IpAddress): string {
  const plain = unmapped(address);
  if (plain.version === 4) return plain.octets.join('.');
  return `${plain.groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(':')}::/64`;
}

/** 127.0.0.0/8 and ::1 (and 127.x.x.x mapped into IPv6): this machine, and only this machine. */
export function isLoopback(address: IpAddress): boolean {
  const plain = unmapped(address);
  if (plain.version === 4) return plain.octets[0] === 127;
  return plain.groups.every((group, index) => group === (index === 7 ? 1 : 0));
}
