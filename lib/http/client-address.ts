import { getConfig } from '../config/env';
import { addressKey, isLoopback, parseIpAddress, type IpAddress } from './ip-address';

/**
 * Set on every request by lib/http/socket-address.ts from the TCP connection itself, overwriting
 * anything a client sent under this name. Next.js gives handlers no socket, and its own
 * `X-Forwarded-For` keeps whatever the client sent, so it cannot be trusted without a proxy.
 */
export const CLIENT_ADDRESS_HEADER = 'x-auth-client-address';

/** Who made a request, for rate limits and the security event log. */
export interface RequestContext {
  /** The validated client address as counted and logged (IPv6 by its /64); null when unknown. */
  ip: string | null;
  userAgent: string | null;
}

/** A request's headers, or the ones a server component gets from next/headers. */
interface HeaderSource {
  get(name: string): string | null;
}

const MAX_USER_AGENT = 512;

// HTTP's optional whitespace around list elements, and nothing else.
const OWS = /^[ \t]+|[ \t]+$/g;

/** The elements of a comma-separated forwarded header, left to right, each without its spaces. */
export function forwardedEntries(value: string): string[] {
  return value.split(',').map((entry) => entry.replace(OWS, ''));
}

/**
 * The entry `hops` places from the right of a comma-separated forwarded header: the one the
 * outermost of `hops` trusted proxies appended, since each proxy appends the peer it saw. Whatever
 * a client wrote itself sits further left and never decides. Empty elements count like any other
 * (skipping them would let a client's trailing comma shift its own entry into the proxies' place);
 * an empty entry is simply no address. Null when there are fewer entries than proxies: the header
 * did not come through them as configured.
 */
export function forwardedEntry(value: string | null, hops: number): string | null {
  if (value === null || hops < 1) return null;
  const entries = forwardedEntries(value);
  return entries.length >= hops ? entries[entries.length - hops]! : null;
}

// On globalThis: route bundles do not share module state, and once per process is enough.
const globalForWarning = globalThis as typeof globalThis & { __authForwardedWarned?: true };

/**
 * A trusted proxy always appends a valid address, so a missing or invalid one means the proxy
 * set-up differs from TRUST_PROXY (or someone reached the app around the proxy). Said once per
 * process, without the value, which a client may have written.
 */
function warnUnusableForwardedFor(hops: number): void {
  if (globalForWarning.__authForwardedWarned) return;
  globalForWarning.__authForwardedWarned = true;
  console.warn(
    `[auth] warning: TRUST_PROXY=${hops}, but a request's X-Forwarded-For had no valid IP address ${hops} from the right; such requests share one rate-limit bucket as "unknown". Check that TRUST_PROXY counts the proxies that append to X-Forwarded-For`,
  );
}

/**
 * The client's address, validated as one IPv4 or IPv6 address, or null when it is not known.
 * With TRUST_PROXY=n (n proxies in front) it is the n-th `X-Forwarded-For` entry from the right,
 * the one the proxies vouch for; the socket is then the proxy's, never the client's. Off, it is
 * the TCP peer's address.
 *
 * A value that is no address (garbage, too few entries, none) makes the client unknown: the rate
 * limits count every such request in one shared "unknown" bucket (lib/rate-limit/guards.ts), the
 * event log records no address, and /dev/outbox stays closed. A trusted proxy always appends a
 * valid address, so only a request that went around the proxies, or a TRUST_PROXY that does not
 * match them, gets here. Any other entry would be one the client wrote, and the socket is the
 * proxy (one address for everyone, and loopback when the proxy runs on this machine). Refusing
 * the request instead would turn a miscounted TRUST_PROXY into a refused login for everyone; the
 * shared bucket is stricter for whoever lands in it, never a way around a limit.
 */
export function clientAddress(headers: HeaderSource, trustedProxies: number = getConfig().trustProxy): IpAddress | null {
  if (trustedProxies === 0) {
    const socket = headers.get(CLIENT_ADDRESS_HEADER);
    return socket === null ? null : parseIpAddress(socket);
  }
  const entry = forwardedEntry(headers.get('x-forwarded-for'), trustedProxies);
  const address = entry === null ? null : parseIpAddress(entry);
  if (!address) warnUnusableForwardedFor(trustedProxies);
  return address;
}

/** The client's address as rate limits count it and the event log records it (IPv6 by its /64). */
export function clientIp(request: Request): string | null {
  const address = clientAddress(request.headers);
  return address ? addressKey(address) : null;
}

/** Whether the client is this machine (127.0.0.0/8 or ::1); an unknown client is not. */
export function isLoopbackClient(headers: HeaderSource, trustedProxies: number = getConfig().trustProxy): boolean {
  const address = clientAddress(headers, trustedProxies);
  return address !== null && isLoopback(address);
}

export function requestContext(request: Request): RequestContext {
  return { ip: clientIp(request), userAgent: request.headers.get('user-agent')?.slice(0, MAX_USER_AGENT) ?? null };
}
