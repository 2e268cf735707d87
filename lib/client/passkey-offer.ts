'use client';

/**
 * The offer to add a passkey after a password sign-in. It follows a login with the password in
 * this tab (a note in page memory, gone at the next reload), and stops for good once the person
 * answers it, by adding one or with `Not now`: that answer is kept in localStorage under the
 * user's id. Nothing secret is stored, only that this account's offer was settled in this browser.
 */

let passwordSignIn: string | null = null;

const settledKey = (userId: string) => `nextjs-jwt-auth:passkey-offer-settled:${userId}`;

/** The login form's password (and second factor, where there is one) has just signed `userId` in. */
export function notePasswordSignIn(userId: string): void {
  passwordSignIn = userId;
}

/** Whether `userId` has just signed in with a password in this tab. */
export function signedInWithPassword(userId: string): boolean {
  return passwordSignIn === userId;
}

export function passkeyOfferSettled(userId: string): boolean {
  try {
    return localStorage.getItem(settledKey(userId)) !== null;
  } catch {
    // Storage blocked: better no offer than one that keeps coming back.
    return true;
  }
}

export function rememberPasskeyOfferSettled(userId: string): void {
  passwordSignIn = null;
  try {
    localStorage.setItem(settledKey(userId), new Date().toISOString());
  } catch {
    // Storage blocked: the offer is gone from this page anyway.
  }
}
