import 'server-only';
import type { UserRow } from '../db/schema';
import { composeMail } from '../mail/compose';
import { sendMail } from '../mail/send';

/**
 * Mail to the account's address when its second factor weakens or its recovery codes change: the
 * owner learns of it even when someone else, holding the session, did it.
 */

const CLOSING = 'If this was not you, change your password at once and turn two-factor authentication on again: someone may be signed in to your account.';

async function notify(user: Pick<UserRow, 'email' | 'firstName'>, subject: string, sentence: string): Promise<void> {
  try {
    await sendMail(composeMail({ to: user.email, subject, name: user.firstName, intro: [sentence, CLOSING] }));
  } catch (error) {
    console.error(`[auth] security notice "${subject}" failed: ${error instanceof Error ? error.name : typeof error}`);
  }
}

export const mailSecondFactorOff = (user: Pick<UserRow, 'email' | 'firstName'>) =>
  notify(user, 'Two-factor authentication was turned off', 'Two-factor authentication was just turned off for your account: a password alone now signs in.');

export const mailRecoveryCodesReplaced = (user: Pick<UserRow, 'email' | 'firstName'>) =>
  notify(user, 'New recovery codes were generated', 'New recovery codes were just generated for your account. The old ones no longer work.');
