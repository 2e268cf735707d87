import 'server-only';
import { eq } from 'drizzle-orm';
import { isUniqueViolation, withDatabase, type Database } from '../db/client';
import { users, type UserRow } from '../db/schema';
import { recordEvent } from '../events/record';
import { afterResponse } from '../http/after-response';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { composeMail, linkOrigin, PRODUCT_NAME } from '../mail/compose';
import { sendMail } from '../mail/send';
import { limitVerificationMails } from '../rate-limit/guards';
import { activeAccount } from './disabled-accounts';
import { findUserByEmail, findUserById, findUserByEmailIn } from '../users/repository';
import { canonicalEmail } from '../validation/email';
import { grantListedAdmin } from './admin-grant';
import { createEmailLink, voidEmailLinks } from './email-links';
import { EMAIL_LINK_TTL_HOURS } from './link-lifetimes';
import { voidResetLinks } from './password-reset';
import type { AccessClaims } from './tokens';

/**
 * Changing the account's address: a link goes to the new address and the change happens only
 * when it is used (POST /api/auth/verify-email), so nobody moves an account to a mailbox they
 * cannot read. The old address is told when the change is asked for, while the owner can still
 * stop it (a password change or reset voids the pending link), and again when it is done.
 */

/** Starts a change of the caller's address to `email`; the mails go out after the response. */
export async function requestEmailChange(claims: AccessClaims, email: string, context: RequestContext): Promise<void> {
  const user = activeAccount(await findUserById(claims.sub));
  if (canonicalEmail(email) === canonicalEmail(user.email)) {
    throw errors.validation('This is already your email address', { email: 'This is already your email address' });
  }
  // Counted before the address is looked up, so probing which addresses have accounts is as slow
  // as the mail limits; a taken one then answers exactly what a sign-up would.
  await limitVerificationMails(email, context, user.id);
  if (await findUserByEmail(email)) throw errors.emailTaken();

  const token = await withDatabase((db) =>
    db.transaction(async (tx) => {
      const created = await createEmailLink(tx, user.id, 'change', email);
      await recordEvent({ type: 'email_change_requested', userId: user.id, email: user.email, context, detail: { to: email } }, tx);
      return created;
    }),
  );
  afterResponse('email-change mail', () => mailChangeRequest(user, email, token));
}

async function mailChangeRequest(user: UserRow, email: string, token: string): Promise<void> {
  const origin = linkOrigin();
  if (!origin) {
    console.error('[auth] APP_URL is not set: an email-change link cannot be built');
    return;
  }
  await sendMail(
    composeMail({
      to: email,
      subject: 'Confirm your new email address',
      name: user.firstName,
      intro: [`Someone (hopefully you) asked to use this address for their ${PRODUCT_NAME} account. To confirm the change, open this link:`],
      // In the fragment, which browsers neither send to servers nor put in Referer headers.
      link: { url: `${origin}/verify-email#token=${token}`, label: 'Confirm your new email address' },
      outro: [
        `It works once, for ${EMAIL_LINK_TTL_HOURS} hours. Until it is used, the account keeps its current address.`,
        'If you did not ask for this, ignore this email: nothing changes without the link.',
      ],
    }),
  );
  await sendMail(
    composeMail({
      to: user.email,
      subject: 'Your email address is about to change',
      name: user.firstName,
      intro: [
        `Someone signed in to your ${PRODUCT_NAME} account asked to change its email address to ${email}. A link to confirm it went to that address; nothing changes until it is used.`,
        'If this was you, there is nothing more to do here.',
        'If it was not, change your password now: that cancels the change and signs out every other device.',
      ],
    }),
  );
}

/**
 * Moves the account to `email`, inside the caller's transaction (the one that used the link). The
 * new address is verified by that use; links and reset links sent to the old address stop
 * working. An address taken meanwhile is 409 `email_taken`, rolled back with the link's use, so the
 * link works again if the address is freed. Resolves to the account as it now is.
 */
export async function applyEmailChange(db: Database, user: UserRow, email: string, context: RequestContext): Promise<UserRow> {
  const holder = await findUserByEmailIn(db, email);
  if (holder && holder.id !== user.id) throw errors.emailTaken();
  const now = new Date();
  let changed: UserRow | undefined;
  try {
    [changed] = await db
      .update(users)
      .set({ email, emailCanonical: canonicalEmail(email), emailVerifiedAt: now, emailProvedElsewhere: false, updatedAt: now })
      .where(eq(users.id, user.id))
      .returning();
  } catch (error) {
    if (isUniqueViolation(error, 'users_email_unique') || isUniqueViolation(error, 'users_email_canonical_unique')) throw errors.emailTaken();
    throw error;
  }
  await voidEmailLinks(db, user.id);
  await voidResetLinks(db, user.id);
  const granted = await grantListedAdmin(db, changed!);
  await recordEvent(
    { type: 'email_changed', userId: user.id, email, context, detail: { from: user.email, ...(granted.promoted ? { promotedToAdmin: true } : {}) } },
    db,
  );
  return granted.user;
}

/** Tells the old address that the account has moved: after the response, like every mail. */
export function mailEmailChanged(user: UserRow, previousEmail: string): void {
  afterResponse('email-changed notice', () =>
    sendMail(
      composeMail({
        to: previousEmail,
        subject: 'Your email address was changed',
        name: user.firstName,
        intro: [
          `The email address of your ${PRODUCT_NAME} account is now ${user.email}. Signing in and mail from us use that address from now on.`,
          'If you did not make this change, someone else may control your account: contact the administrator of this site.',
        ],
      }),
    ),
  );
}
