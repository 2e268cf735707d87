import 'server-only';
import { eq } from 'drizzle-orm';
import { getConfig } from '../config/env';
import { withDatabase } from '../db/client';
import { users, type UserRow } from '../db/schema';
import { recordEvent } from '../events/record';
import { afterResponse } from '../http/after-response';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { composeMail, linkOrigin, PRODUCT_NAME } from '../mail/compose';
import { sendMail } from '../mail/send';
import { limitVerificationMails } from '../rate-limit/guards';
import { activeAccount } from './disabled-accounts';
import { findUserByEmail, findUserById } from '../users/repository';
import { refuseIfDisabled } from './disabled-accounts';
import { applyEmailChange, mailEmailChanged } from './email-change';
import { consumeEmailLink, createEmailLink, refusedEmailLinkState } from './email-links';
import { EMAIL_LINK_TTL_HOURS } from './link-lifetimes';
import type { DeadLinkState } from './link-state';
import { markEmailVerified } from './email-verified';
import { startSession, type IssuedTokens } from '../sessions/refresh';
import type { AccessClaims } from './tokens';

/**
 * Email verification: register mails a link to `/verify-email#token=...`, and using it proves the
 * address. Under EMAIL_VERIFICATION=required an unverified account cannot sign in, and the link
 * signs it in instead; under `optional` it only marks the address.
 */

/** Mails `user` a new verification link; earlier ones stop working. For the caller's own `after`. */
export async function sendVerificationLink(user: UserRow, context: RequestContext): Promise<void> {
  const origin = linkOrigin();
  if (!origin) {
    console.error('[auth] APP_URL is not set: a verification link cannot be built');
    return;
  }
  const token = await withDatabase((db) =>
    db.transaction(async (tx) => {
      const created = await createEmailLink(tx, user.id, 'verify', user.email);
      await recordEvent({ type: 'email_verification_sent', userId: user.id, email: user.email, context }, tx);
      return created;
    }),
  );
  await sendMail(
    composeMail({
      to: user.email,
      subject: 'Verify your email address',
      name: user.firstName,
      intro: [`Please confirm that this is the email address of your ${PRODUCT_NAME} account by opening this link:`],
      // In the fragment, which browsers neither send to servers nor put in Referer headers.
      link: { url: `${origin}/verify-email#token=${token}`, label: 'Verify your email address' },
      outro: [
        `It works once, for ${EMAIL_LINK_TTL_HOURS} hours; asking for a new link replaces it.`,
        'If you did not sign up, ignore this email: nobody can use the address without the link.',
      ],
    }),
  );
}

/** The sign-up's link, mailed after the response. */
export function mailVerificationAfterSignUp(user: UserRow, context: RequestContext): void {
  afterResponse('verification mail', () => sendVerificationLink(user, context));
}

/**
 * A new link for the signed-in caller (`POST /api/auth/verify-email/resend`). An address that is
 * already verified gets no mail and uses up no allowance.
 */
export async function resendVerification(claims: AccessClaims, context: RequestContext): Promise<{ sent: boolean; email: string }> {
  const user = activeAccount(await findUserById(claims.sub));
  if (user.emailVerifiedAt) return { sent: false, email: user.email };
  await limitVerificationMails(user.email, context, user.id);
  afterResponse('verification mail', () => sendVerificationLink(user, context));
  return { sent: true, email: user.email };
}

/**
 * A new link asked for by address, by someone signed out (`POST /api/auth/verify-email/request`):
 * under EMAIL_VERIFICATION=required an unverified account has no access token to resend with.
 * Limited like forgot-password, and like it the look-up and the mail happen after the answer,
 * which is the same whether or not an unverified account has the address.
 */
export async function requestVerificationByEmail(email: string, context: RequestContext): Promise<void> {
  await limitVerificationMails(email, context);
  afterResponse('verification mail', async () => {
    const user = await findUserByEmail(email);
    if (user && !user.emailVerifiedAt) await sendVerificationLink(user, context);
  });
}

const UNUSABLE_LINK = 'This verification link is invalid, expired or already used. Ask for a new one.';

/**
 * The contract's one refusal for every dead link, and in `reason` which one it is, so the page can
 * say so: the token is 256 random bits, so its holder learns nothing a guess could use.
 */
const unusableLink = (reason: DeadLinkState) => errors.validation(UNUSABLE_LINK, { token: UNUSABLE_LINK }, reason);

export interface UsedLink {
  user: UserRow;
  /** A new session: only when EMAIL_VERIFICATION=required and the link verified a sign-up's address. */
  tokens?: IssuedTokens;
}

/** What the request's browser says about whose it is. */
export interface LinkBrowser {
  /** The account it is signed in to (its refresh cookie), if any. */
  signedInTo?: string;
  /** Whether it holds the device cookie of `userId`: it has signed in to that account before. */
  holdsDeviceCookie: (userId: string) => boolean;
}

/**
 * Uses a verification or address-change link (`POST /api/auth/verify-email`) opened in `browser`.
 * The link's use, the change it makes and, where it signs in, the session commit together: a
 * store outage rolls everything back and the link still works.
 */
export async function redeemEmailLink(token: string, context: RequestContext, browser: LinkBrowser): Promise<UsedLink> {
  const required = getConfig().emailVerification === 'required';
  const { previousEmail, disabled, ...used } = await withDatabase((db) =>
    db.transaction(async (tx): Promise<UsedLink & { previousEmail?: string; disabled?: true }> => {
      const now = new Date();
      const link = await consumeEmailLink(tx, token, now);
      if (!link) throw unusableLink(await refusedEmailLinkState(tx, token, now));
      const [user] = await tx.select().from(users).where(eq(users.id, link.userId)).for('update');
      if (!user) throw unusableLink('invalid');
      if (link.purpose === 'change') return { user: await applyEmailChange(tx, user, link.email, context), previousEmail: user.email };
      // A link to an address the account no longer has proves nothing about the current one; it
      // can never work (the use is rolled back, and each try ends here): `invalid`, not `used`.
      if (user.email !== link.email) throw unusableLink('invalid');
      // Opened where the account has never been used, the link proves the mailbox, not that its
      // owner set the account up: someone can sign up with another person's address, add a
      // passkey, and wait for the mailed link to be opened out of curiosity.
      const accountsBrowser = browser.signedInTo === user.id || browser.holdsDeviceCookie(user.id);
      const verified = await markEmailVerified(tx, user, context, 'link', !accountsBrowser);
      // A second factor is never skipped: such an account (verified late, after EMAIL_VERIFICATION
      // became required) signs in with its password and code like any other.
      if (!required || verified.totpEnabledAt) return { user: verified };
      // A browser signed in to another account keeps that session: anyone can mail themselves a
      // link and send it to someone signed in, whose tabs would then work in the sender's account.
      if (browser.signedInTo && browser.signedInTo !== verified.id) return { user: verified };
      // The address is proved all the same; only the sign-in is refused.
      if (verified.disabledAt) return { user: verified, disabled: true };
      // The account could not sign in until now, and whoever opened the link read its mail: proof
      // enough here, where the mailbox can also reset the password.
      await recordEvent({ type: 'login', userId: verified.id, email: verified.email, context, detail: { by: 'verification_link' } }, tx);
      return { user: verified, tokens: await startSession(verified, context.userAgent, ['email']) };
    }),
  );
  if (previousEmail) mailEmailChanged(used.user, previousEmail);
  if (disabled) await refuseIfDisabled(used.user, context);
  return used;
}
