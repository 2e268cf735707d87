import 'server-only';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readCookie, serializeCookie } from '../auth/cookies';
import { getConfig } from '../config/env';
import { getTokenStore } from '../sessions/store';
import type { AccessClaims } from '../auth/tokens';

/**
 * WebAuthn challenges: 256 random bits each, handed to the browser in the options, kept in the
 * token store only as their SHA-256 with what they are bound to, and taken out by the first answer
 * that names them, right or wrong: one challenge, one try. They last PASSKEY_CHALLENGE_TTL (5
 * minutes).
 *
 * A response names its challenge inside its clientDataJSON, which the authenticator signs, so the
 * answer itself says which challenge to take; the binding decides whether this caller may use it.
 * A registration is bound to the session that asked (the access token's `sub` and `sid`). A
 * sign-in has no session yet, so it is bound to the browser that asked: an HttpOnly cookie holds a
 * random value whose digest the challenge keeps. Tabs of one browser share that value, so each can
 * run a ceremony of its own at the same time.
 */

/** How long a challenge waits for its answer, in milliseconds: also the browser's time limit for the ceremony. */
export const challengeTtlMs = () => getConfig().passkeyChallengeTtlSeconds * 1000;
const COOKIE = 'passkey_login';
const BINDING = /^[A-Za-z0-9_-]{43}$/;
// Our challenges are 43 characters; anything else names none of them and is not looked up.
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64url');
const randomValue = () => randomBytes(32).toString('base64url');
const expiry = () => Date.now() + challengeTtlMs();

/** A new challenge for a passkey the caller's session is about to add. */
export async function issueRegistrationChallenge(claims: AccessClaims): Promise<string> {
  const challenge = randomValue();
  await getTokenStore().createPasskeyChallenge({ id: digest(challenge), purpose: 'register', userId: claims.sub, sessionId: claims.sid, expiresAt: expiry() });
  return challenge;
}

/**
 * A new sign-in challenge, bound to this browser; `setCookie` (re)sets the binding cookie. A
 * browser that already holds one keeps its value, so a second tab does not break the first.
 */
export async function issueLoginChallenge(request: Request): Promise<{ challenge: string; setCookie: string }> {
  const held = readCookie(request, COOKIE);
  const binding = held && BINDING.test(held) ? held : randomValue();
  const challenge = randomValue();
  await getTokenStore().createPasskeyChallenge({ id: digest(challenge), purpose: 'login', binding: digest(binding), expiresAt: expiry() });
  return { challenge, setCookie: serializeCookie(request, COOKIE, binding, getConfig().passkeyChallengeTtlSeconds) };
}

/** The challenge a response answers, as its clientDataJSON says; null when it names none of ours. */
function answeredChallenge(clientDataJSON: string): string | null {
  try {
    const challenge: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')).challenge;
    return typeof challenge === 'string' && CHALLENGE.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

async function take(clientDataJSON: string) {
  const challenge = answeredChallenge(clientDataJSON);
  if (!challenge) return null;
  const record = await getTokenStore().takePasskeyChallenge(digest(challenge), Date.now());
  return record ? { challenge, record } : null;
}

/** The registration challenge this response answers, once, if the caller's session asked for it; else null. */
export async function takeRegistrationChallenge(clientDataJSON: string, claims: AccessClaims): Promise<string | null> {
  const taken = await take(clientDataJSON);
  if (!taken || taken.record.purpose !== 'register') return null;
  return taken.record.userId === claims.sub && taken.record.sessionId === claims.sid ? taken.challenge : null;
}

/** The sign-in challenge this response answers, once, if this browser asked for it; else null. */
export async function takeLoginChallenge(clientDataJSON: string, request: Request): Promise<string | null> {
  const taken = await take(clientDataJSON);
  if (!taken || taken.record.purpose !== 'login') return null;
  const binding = readCookie(request, COOKIE);
  if (!binding) return null;
  const presented = Buffer.from(digest(binding));
  const expected = Buffer.from(taken.record.binding);
  return presented.length === expected.length && timingSafeEqual(presented, expected) ? taken.challenge : null;
}
