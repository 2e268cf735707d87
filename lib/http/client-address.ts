import { getConfig } from '../config/env';

/**
 * Set on every request by lib/http/socket-address.ts from the TCP connection itself, overwriting
 * anything a client sent under this name. Next.js gives handlers no socket, and its own
 * `X-Forwarded-For` keeps whatever the client sent, so it cannot be trusted without a proxy.
 */
export const CLIENT_ADDRESS_HEADER = 'x-auth-client-address';

/** Who made a request, for rate limits and the security event log. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

const MAX_USER_AGENT = 512;

/**
 * The client's address: the left of `X-Forwarded-For` when TRUST_PROXY is on (the proxy in front
 * vouches for it), else the socket's. IPv6 addresses are cut to their /64, the block one
 * subscriber usually holds, so rotating through it does not dodge a per-address limit.
 */
export function clientIp(request: Request): string | null {
  const forwarded = getConfig().trustProxy ? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  const address = forwarded || request.headers.get(CLIENT_ADDRESS_HEADER);
  return address ? normalizeAddress(address) : null;
}

export function requestContext(request: Request): RequestContext {
  return { ip: clientIp(request), userAgent: request.headers.get('user-agent')?.slice(0, MAX_USER_AGENT) ?? null };
}

export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/^\[|\]$/g, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(trimmed);
  if (mapped) return mapped[1]!;
  if (!trimmed.includes(':')) return trimmed;
  return `${expandIpv6(trimmed).slice(0, 4).join(':')}::/64`;
}

function expandIpv6(address: string): string[] {
  const withoutZone = address.split('%')[0]!;
  const [head, tail] = withoutZone.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(Math.max(0, missing)).fill('0'), ...right].map((group) => group.replace(/^0+(?=.)/, '') || '0');
}
