import 'server-only';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { getConfig } from '../config/env';
import { readCookie, serializeCookie } from './cookies';

/**
 * The device cookie (OWASP's "device cookie" against online guessing): proof that this browser
 * has signed in to an account before. Such a browser is exempt from the account-wide count of
 * failed logins, so an attacker spraying an account from many addresses cannot lock its owner
 * out of the browsers the owner already uses.
 *
 * One cookie holds an entry per account signed in from this browser, newest first, at most
 * MAX_ACCOUNTS_PER_DEVICE. An entry is `<nonce>.<issued at>.<tag>`: a random nonce, the issue
 * time in base-36 seconds, and an HMAC-SHA256 over the account's id, the nonce and the time,
 * under a key derived from REFRESH_TOKEN_SECRET (its first key; every listed key verifies) for
 * this use only. The account's id is not in
 * the cookie: an entry can only be checked against a given account, so the cookie does not say
 * which accounts a browser has used, and one entry never vouches for another account.
 * See docs/decisions/014-device-cookie.md.
 */

const NAME = 'device';
/** A year: trust in a browser must outlive any session and a long absence from the app. */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 86_400;
export const MAX_ACCOUNTS_PER_DEVICE = 5;

const ENTRY = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,8})\.([A-Za-z0-9_-]{43})$/;
const SEPARATOR = '~';
const KEY_LABEL = 'nextjs-jwt-auth device cookie v1';

export interface DeviceEntry {
  nonce: string;
  issuedAt: number;
  tag: string;
  raw: string;
}

const keys = new Map<string, Buffer>();

/** The HMAC key: HKDF-SHA256 of the refresh secret under a label of its own, so it signs nothing else. */
export function deviceKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, '', KEY_LABEL, 32));
    keys.set(secret, key);
  }
  return key;
}

const tagFor = (key: Buffer, userId: string, nonce: string, issuedAt: number) =>
  createHmac('sha256', key).update(`${userId}.${nonce}.${issuedAt}`).digest('base64url');

/** The well-formed entries of a cookie value, at most MAX_ACCOUNTS_PER_DEVICE: whatever else a client sends costs nothing. */
export function parseDeviceCookie(value: string | undefined): DeviceEntry[] {
  const entries: DeviceEntry[] = [];
  for (const raw of (value ?? '').split(SEPARATOR)) {
    const match = ENTRY.exec(raw);
    if (match) entries.push({ nonce: match[1]!, issuedAt: parseInt(match[2]!, 36), tag: match[3]!, raw });
    if (entries.length === MAX_ACCOUNTS_PER_DEVICE) break;
  }
  return entries;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const fresh = (entry: DeviceEntry, now: number) => now - entry.issuedAt <= DEVICE_COOKIE_MAX_AGE_SECONDS;

// The tags are compared as their base64url text: two texts can decode to the same bytes, and only
// the text the server wrote is accepted. Any listed key verifies, so rotating REFRESH_TOKEN_SECRET
// (new key first, old one kept) does not make every browser a stranger.
function belongsTo(entry: DeviceEntry, userId: string, keys: readonly Buffer[], now: number): boolean {
  if (!fresh(entry, now)) return false;
  const presented = Buffer.from(entry.tag);
  return keys.some((key) => timingSafeEqual(Buffer.from(tagFor(key, userId, entry.nonce, entry.issuedAt)), presented));
}

/** The nonce of the entry that vouches for `userId`, if one does: it names this device's own count of failed logins. */
export function deviceIdFor(entries: DeviceEntry[], userId: string, keys: readonly Buffer[], now = nowSeconds()): string | undefined {
  return entries.find((entry) => belongsTo(entry, userId, keys, now))?.nonce;
}

/**
 * The cookie value after a sign-in to `userId`: a fresh entry, tagged with the first key, then the
 * other accounts' live entries.
 */
export function deviceCookieValue(entries: DeviceEntry[], userId: string, keys: readonly Buffer[], now = nowSeconds()): string {
  const nonce = randomBytes(16).toString('base64url');
  const entry = `${nonce}.${now.toString(36)}.${tagFor(keys[0]!, userId, nonce, now)}`;
  const others = entries.filter((other) => fresh(other, now) && !belongsTo(other, userId, keys, now)).map((other) => other.raw);
  return [entry, ...others].slice(0, MAX_ACCOUNTS_PER_DEVICE).join(SEPARATOR);
}

/** One device key per refresh key, newest first: the first tags new entries, every one verifies. */
const deviceKeys = () => getConfig().signingKeys.refresh.map(deviceKey);

/** The device cookie's entries in this request. */
export function readDeviceCookie(request: Request): DeviceEntry[] {
  return parseDeviceCookie(readCookie(request, NAME));
}

/** Names this device when the request holds a device cookie for `userId`; undefined for any other cookie or none. */
export function trustedDeviceId(entries: DeviceEntry[], userId: string): string | undefined {
  return deviceIdFor(entries, userId, deviceKeys());
}

/** Does this request come from a browser that has signed in to this account before? */
export function holdsDeviceCookie(request: Request, userId: string): boolean {
  return trustedDeviceId(readDeviceCookie(request), userId) !== undefined;
}

/** Adds the device cookie for `userId` to a sign-up or login response, keeping the browser's other accounts. */
export function withDeviceCookie(request: Request, response: Response, userId: string): Response {
  const value = deviceCookieValue(readDeviceCookie(request), userId, deviceKeys());
  response.headers.append('Set-Cookie', serializeCookie(request, NAME, value, DEVICE_COOKIE_MAX_AGE_SECONDS));
  return response;
}

/**
 * The device cookie once `userId`'s account is gone: the other accounts' live entries stay, and
 * with none left the cookie is cleared.
 */
export function withoutDeviceEntry(request: Request, response: Response, userId: string): Response {
  const keys = deviceKeys();
  const now = nowSeconds();
  const others = readDeviceCookie(request).filter((entry) => fresh(entry, now) && !belongsTo(entry, userId, keys, now));
  const value = others.map((entry) => entry.raw).join(SEPARATOR);
  response.headers.append('Set-Cookie', serializeCookie(request, NAME, value, value ? DEVICE_COOKIE_MAX_AGE_SECONDS : 0));
  return response;
}
