import 'server-only';
import { createHmac } from 'node:crypto';
import { errors } from '../http/errors';
import { bcryptCompare, bcryptHash, checkBcryptCapacity, isBcryptPoolBusy } from './bcrypt-pool';

/**
 * bcrypt reads only the first 72 bytes of its input, so two long passwords sharing those bytes
 * would both verify. Every password is therefore pre-hashed to 44 base64 characters (HMAC-SHA256
 * with a fixed, app-specific key: no NUL bytes, and hashes leaked from other sites cannot be
 * "shucked" against ours) and bcrypt runs over that. See docs/decisions/003-password-hashing.md.
 */
const PREHASH_KEY = 'nextjs-jwt-auth:bcrypt-prehash:v1';

function prehash(password: string): string {
  return createHmac('sha256', PREHASH_KEY).update(password.normalize('NFC'), 'utf8').digest('base64');
}

// A full hashing queue is the contract's 503 `unavailable` with Retry-After, refused before anything
// was written, so every caller (login, sign-up, password change and reset) answers it unchanged.
function refuseWhenBusy(error: unknown): never {
  throw isBcryptPoolBusy(error) ? errors.busy(error.retryAfterSeconds) : error;
}

/**
 * `$2b$` hash at `cost`, computed on a worker thread, never on the request thread. Rejects at once
 * with the 503 of errors.busy when the pool's queue is full (lib/auth/bcrypt-pool.ts).
 */
export function hashPassword(password: string, cost: number): Promise<string> {
  return bcryptHash(prehash(password), cost).catch(refuseWhenBusy);
}

/** Rejects at once with the 503 of errors.busy when the pool's queue is full. */
export function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return bcryptCompare(prehash(password), passwordHash).catch(refuseWhenBusy);
}

/**
 * Throws the 503 of errors.busy when a bcrypt at `cost` would be refused now: a flood of logins is
 * then refused before each one costs a database look-up. It names no account, so it reveals none.
 */
export function checkHashingCapacity(cost: number): void {
  try {
    checkBcryptCapacity(cost);
  } catch (error) {
    refuseWhenBusy(error);
  }
}

/** The cost a stored `$2a$`/`$2b$`/`$2y$` hash was made with, or null for anything else. */
export function hashCost(passwordHash: string): number | null {
  const match = /^\$2[aby]\$(\d{2})\$/.exec(passwordHash);
  return match ? Number(match[1]) : null;
}

// On globalThis: start-up computes it from the instrumentation bundle and login reads it from the
// route's bundle, which do not share module state.
const globalForDummy = globalThis as typeof globalThis & { __authDummyHashes?: Map<number, Promise<string>> };

/**
 * Login with an unknown email compares against this, so it costs one bcrypt like a real account
 * and response time does not reveal which emails exist. A failed computation is not kept.
 */
export function dummyPasswordHash(cost: number): Promise<string> {
  const cache = (globalForDummy.__authDummyHashes ??= new Map());
  let dummy = cache.get(cost);
  if (!dummy) {
    dummy = hashPassword(crypto.randomUUID(), cost);
    dummy.catch(() => cache.delete(cost));
    cache.set(cost, dummy);
  }
  return dummy;
}
