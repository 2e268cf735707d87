import { isLoopback, parseIpAddress } from './ip-address';

/** What a client on the server's own machine is called. */
export const THIS_MACHINE = 'this machine';

/**
 * RFC 5952's text of an IPv6 address: lowercase hex without leading zeros, and the longest run of
 * two or more zero groups (the first of equal runs) written `::`.
 */
export function ipv6Text(groups: readonly number[]): string {
  let run = { start: 0, length: 0 };
  for (let start = 0; start < groups.length; ) {
    let end = start;
    while (end < groups.length && groups[end] === 0) end++;
    if (end - start > run.length) run = { start, length: end - start };
    start = end === start ? start + 1 : end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (run.length < 2) return hex.join(':');
  return `${hex.slice(0, run.start).join(':')}::${hex.slice(run.start + run.length).join(':')}`;
}

/**
 * A client address as the security log keeps it (`addressKey` in lib/http/ip-address.ts: IPv4
 * dotted, IPv6 as its /64 `2001:db8:0:0::/64`), as a person reads it: IPv4 as it is, an IPv6
 * network in its shortest form (`2001:db8::/64`), and loopback (127.0.0.0/8, ::1) as
 * `this machine`. The /64 kept for ::1 is `0:0:0:0::/64`, which holds no other address a client
 * connects from (`::` is no source, IPv4-mapped addresses are kept as IPv4), so it is loopback too.
 * A value in neither form is shown as it is.
 */
export function addressLabel(stored: string): string {
  const network = stored.endsWith('::/64');
  const address = parseIpAddress(network ? stored.slice(0, -'/64'.length) : stored);
  if (!address) return stored;
  if (address.version === 4) return isLoopback(address) ? THIS_MACHINE : stored;
  if (network) return address.groups.every((group) => group === 0) ? THIS_MACHINE : `${ipv6Text(address.groups)}/64`;
  return isLoopback(address) ? THIS_MACHINE : ipv6Text(address.groups);
}
