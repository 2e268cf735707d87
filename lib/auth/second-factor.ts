import 'server-only';
import { and, count, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import { getConfig } from '../config/env';
import { withDatabase, type Database } from '../db/client';
import { recoveryCodes, users, type UserRow } from '../db/schema';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { startCodeCheck } from '../rate-limit/guards';
import { compactTotpCode, isTotpCode } from '../validation/mfa';
import { canonicalRecoveryCode, newRecoveryCodes, recoveryCodeDigest } from './recovery-codes';
import { boxKey, open, seal, SecretBoxError } from './secret-box';
import { matchTotp } from './totp';

/**
 * A user's second factor: the TOTP secret sealed at rest, codes checked once, recovery codes used
 * up. The secret is sealed under keys derived from REFRESH_TOKEN_SECRET (newest first, every
 * listed one opens), so rotating that secret does not turn anyone's second factor off.
 */

export type SecondFactorMethod = 'totp' | 'recovery_code';

const boxKeys = () => getConfig().signingKeys.refresh.map(boxKey);
// Binds a sealed secret to its user: copied to another row, it does not open.
const sealContext = (userId: string) => `totp:${userId}`;

export function sealTotpSecret(userId: string, secret: string): string {
  return seal(secret, boxKeys(), sealContext(userId));
}

/**
 * The user's secret, and whether it was sealed under an older key. Null when it cannot be opened
 * (its key is no longer listed, or the value was altered): authenticator codes then fail, and the
 * recovery codes, which need no key, are the way in.
 */
export function openTotpSecret(userId: string, sealed: string): { secret: string; stale: boolean } | null {
  try {
    const { plaintext, stale } = open(sealed, boxKeys(), sealContext(userId));
    return { secret: plaintext, stale };
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    console.error(`[auth] the TOTP secret of user ${userId} cannot be opened: ${error.message}`);
    return null;
  }
}

/**
 * Accepts an authenticator code once: the step it belongs to must be later than the last one
 * accepted, and moving the last step is conditional, so of two requests with one code only one
 * wins. A secret sealed under an older key is sealed again under the newest one.
 */
async function useTotpCode(user: UserRow, code: string): Promise<boolean> {
  const sealed = user.totpSecretSealed;
  if (!user.totpEnabledAt || !sealed) return false;
  const opened = openTotpSecret(user.id, sealed);
  if (!opened) return false;
  const step = await matchTotp(opened.secret, code, user.totpLastStep);
  if (step === null) return false;
  const moved = await withDatabase((db) =>
    db
      .update(users)
      .set({ totpLastStep: step, ...(opened.stale ? { totpSecretSealed: sealTotpSecret(user.id, opened.secret) } : {}) })
      .where(and(eq(users.id, user.id), eq(users.totpSecretSealed, sealed), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
      .returning({ id: users.id }),
  );
  return moved.length > 0;
}

/** Uses up one unused recovery code of the user, atomically: a code works once, even under a race. */
async function useRecoveryCode(user: UserRow, code: string, context: RequestContext): Promise<boolean> {
  const canonical = canonicalRecoveryCode(code);
  if (!canonical || !user.totpEnabledAt) return false;
  const remaining = await withDatabase(async (db) => {
    const [used] = await db
      .update(recoveryCodes)
      .set({ usedAt: new Date() })
      .where(and(eq(recoveryCodes.userId, user.id), eq(recoveryCodes.codeHash, recoveryCodeDigest(user.id, canonical)), isNull(recoveryCodes.usedAt)))
      .returning({ id: recoveryCodes.id });
    if (!used) return null;
    const [left] = await db.select({ value: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, user.id), isNull(recoveryCodes.usedAt)));
    return left?.value ?? 0;
  });
  if (remaining === null) return false;
  await recordEvent({ type: 'recovery_code_used', userId: user.id, email: user.email, context, detail: { remaining } });
  return true;
}

/**
 * Checks a code of a user whose second factor is on: an authenticator code, or a recovery code
 * (used up). Every check, wherever it comes from, is counted per user first
 * (RATE_LIMIT_CODE_CHECKS_PER_USER: over it, 429 before any check). Resolves to the kind of code
 * that matched, or null.
 */
export function checkSecondFactor(user: UserRow, code: string, context: RequestContext): Promise<SecondFactorMethod | null> {
  return underCodeLimit(user.id, async () => {
    if (isTotpCode(code)) return (await useTotpCode(user, compactTotpCode(code))) ? 'totp' : null;
    return (await useRecoveryCode(user, code, context)) ? 'recovery_code' : null;
  });
}

/**
 * Runs one code check under the user's code limit: counted before (429 when over), taken back
 * when it matches (non-null).
 */
export async function underCodeLimit<T>(userId: string, check: () => Promise<T | null>): Promise<T | null> {
  const counted = await startCodeCheck(userId);
  const result = await check();
  if (result !== null) await counted.passed();
  return result;
}

/** A fresh set of recovery codes for the user, inside the caller's transaction: the old set stops working. Resolves to the codes, for showing once. */
export async function replaceRecoveryCodes(tx: Database, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await tx.insert(recoveryCodes).values(codes.map((code) => ({ userId, codeHash: recoveryCodeDigest(userId, canonicalRecoveryCode(code)!) })));
  return codes;
}

/**
 * Removes the user's second factor inside the caller's transaction: the sealed secret, its last
 * accepted step and every recovery code. `which`: only a factor turned `on`, or any secret at all,
 * a set-up never confirmed included (`set-up`). Resolves to whether there was one to remove.
 */
export async function removeSecondFactor(tx: Database, userId: string, which: 'on' | 'set-up'): Promise<boolean> {
  const present = which === 'on' ? isNotNull(users.totpEnabledAt) : isNotNull(users.totpSecretSealed);
  const removed = await tx
    .update(users)
    .set({ totpSecretSealed: null, totpEnabledAt: null, totpLastStep: null, updatedAt: new Date() })
    .where(and(eq(users.id, userId), present))
    .returning({ id: users.id });
  if (removed.length === 0) return false;
  await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  return true;
}
