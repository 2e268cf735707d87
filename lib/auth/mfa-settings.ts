import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { withDatabase } from '../db/client';
import { users, type UserRow } from '../db/schema';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { activeAccount } from './disabled-accounts';
import { findUserById } from '../users/repository';
import { qrCodeDataUrl } from './qr-code';
import { openTotpSecret, removeSecondFactor, replaceRecoveryCodes, sealTotpSecret, underCodeLimit } from './second-factor';
import type { AccessClaims } from './tokens';
import { matchTotp, newTotpSecret, totpUri } from './totp';

/**
 * Turning the second factor on and off, and new recovery codes. Every one of these routes demands
 * recent authentication (lib/http/route.ts `recent`), so a stolen access token alone changes none.
 */

async function currentUser(claims: AccessClaims): Promise<UserRow> {
  const user = activeAccount(await findUserById(claims.sub));
  return user;
}

const alreadyOn = () => errors.validation('Two-factor authentication is already on');
const isOff = () => errors.validation('Two-factor authentication is off');

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
  /** The URI's QR code, an SVG data URL drawn on this server. */
  qrCode: string;
}

/**
 * A new secret, kept sealed until a code from it confirms the set-up (enableTotp); nothing else
 * changes. A second set-up replaces a first one that was never confirmed.
 */
export async function startTotpSetup(claims: AccessClaims): Promise<TotpSetup> {
  const user = await currentUser(claims);
  if (user.totpEnabledAt) throw alreadyOn();
  const secret = newTotpSecret();
  const pending = await withDatabase((db) =>
    db
      .update(users)
      .set({ totpSecretSealed: sealTotpSecret(user.id, secret), totpLastStep: null, updatedAt: new Date() })
      .where(and(eq(users.id, user.id), isNull(users.totpEnabledAt)))
      .returning({ id: users.id }),
  );
  if (pending.length === 0) throw alreadyOn();
  const otpauthUri = totpUri(secret, user.email);
  return { secret, otpauthUri, qrCode: await qrCodeDataUrl(otpauthUri) };
}

const wrongCode = () => errors.validation('That code is not right', { code: 'That code is not right' });

/**
 * Turns the second factor on once a current code of the set-up's secret proves the app holds it.
 * The code's step counts as used, and the first recovery codes are made: resolves to them, to be
 * shown this once.
 */
export async function enableTotp(claims: AccessClaims, code: string, context: RequestContext): Promise<string[]> {
  const user = await currentUser(claims);
  if (user.totpEnabledAt) throw alreadyOn();
  const sealed = user.totpSecretSealed;
  if (!sealed) throw errors.validation('Start the set-up first', { code: 'Start the set-up first' });
  const opened = openTotpSecret(user.id, sealed);
  if (!opened) throw errors.validation('The set-up has expired; start it again', { code: 'The set-up has expired; start it again' });
  // The same per-user count as every other code check: a set-up is no way around it.
  const step = await underCodeLimit(user.id, () => matchTotp(opened.secret, code, null));
  if (step === null) throw wrongCode();
  const codes = await withDatabase((db) =>
    db.transaction(async (tx) => {
      const now = new Date();
      // Only the secret that was checked: a set-up restarted meanwhile needs its own code.
      const enabled = await tx
        .update(users)
        .set({ totpEnabledAt: now, totpLastStep: step, updatedAt: now })
        .where(and(eq(users.id, user.id), isNull(users.totpEnabledAt), eq(users.totpSecretSealed, sealed)))
        .returning({ id: users.id });
      if (enabled.length === 0) throw wrongCode();
      const fresh = await replaceRecoveryCodes(tx, user.id);
      await recordEvent({ type: 'mfa_enabled', userId: user.id, email: user.email, context }, tx);
      return fresh;
    }),
  );
  return codes;
}

/** Turns the second factor off: the secret and every recovery code are deleted. Resolves to the user, for the notice. */
export async function disableTotp(claims: AccessClaims, context: RequestContext): Promise<UserRow> {
  const user = await currentUser(claims);
  await withDatabase((db) =>
    db.transaction(async (tx) => {
      if (!(await removeSecondFactor(tx, user.id, 'on'))) throw isOff();
      await recordEvent({ type: 'mfa_disabled', userId: user.id, email: user.email, context }, tx);
    }),
  );
  return user;
}

/** A new set of recovery codes; the old set stops working. Resolves to the user, for the notice, and the codes. */
export async function regenerateRecoveryCodes(claims: AccessClaims, context: RequestContext): Promise<{ user: UserRow; codes: string[] }> {
  const user = await currentUser(claims);
  const codes = await withDatabase((db) =>
    db.transaction(async (tx) => {
      // Locks the row: a concurrent turn-off waits, so no codes are made for a factor that is gone.
      const [row] = await tx.select({ enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, user.id)).for('update');
      if (!row?.enabledAt) throw isOff();
      const fresh = await replaceRecoveryCodes(tx, user.id);
      await recordEvent({ type: 'recovery_codes_regenerated', userId: user.id, email: user.email, context }, tx);
      return fresh;
    }),
  );
  return { user, codes };
}
