import 'server-only';
import type { UserRow } from '../db/schema';
import { addressLabel, THIS_MACHINE } from '../http/address-label';
import { afterResponse } from '../http/after-response';
import type { RequestContext } from '../http/client-address';
import { composeMail, linkOrigin, PRODUCT_NAME } from '../mail/compose';
import type { Mail } from '../mail/send';
import { sendMail } from '../mail/send';
import { describeDevice } from '../sessions/device-name';
import { holdsDeviceCookie } from './device-cookie';

/**
 * "New sign-in" mail: a login from a browser that does not hold the account's device cookie
 * tells the owner, who may not have been the one signing in. A browser that has signed in to the
 * account before holds the cookie and stays quiet; the sign-up itself is no login and sends none.
 */

/** How the login was proved, in words for the mail. */
export type SignInMethod = 'password' | 'second-factor' | 'passkey';

const METHOD_WORDS: Record<SignInMethod, string> = {
  password: 'the password',
  'second-factor': 'the password and a two-factor code',
  passkey: 'a passkey',
};

/**
 * The network a client address belongs to, as far as a person can use it: an IPv4 address by its
 * /24, an IPv6 one by its /64 (the form the log keeps), written as the account pages write it
 * (lib/http/address-label.ts: `2001:db8::/64`). Never the full address: the mail may be read by
 * someone else, and the full address adds nothing for the owner. A loopback client is named for
 * what it is from the reader's side: the pages' "this machine" would mean the reader's own.
 */
export function approximateNetwork(ip: string | null): string {
  if (ip === null) return 'unknown';
  const label = addressLabel(ip);
  if (label === THIS_MACHINE) return "the server's own machine";
  const ipv4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(label);
  return ipv4 ? `${ipv4[1]}.0/24` : label;
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });

/**
 * The mail itself. The device is named from the user agent (`Firefox on Linux`), never quoted:
 * a user agent is text a stranger chose, and must not speak to the owner in our mail.
 */
export function newSignInMail(user: Pick<UserRow, 'email' | 'firstName'>, context: RequestContext, method: SignInMethod, at: Date, origin: string | null): Mail {
  return composeMail({
    to: user.email,
    subject: 'New sign-in to your account',
    name: user.firstName,
    intro: [
      `Your ${PRODUCT_NAME} account was just signed in to with ${METHOD_WORDS[method]}, from a browser that had not signed in to it before.`,
      `Device: ${describeDevice(context.userAgent ?? '')}`,
      `Network (approximate): ${approximateNetwork(context.ip)}`,
      `Time: ${timeFormat.format(at)} UTC`,
      'If this was you, there is nothing to do.',
      origin
        ? 'If it was not you, end that session under "Signed-in devices" on your account page, then change your password:'
        : 'If it was not you, end that session under "Signed-in devices" on your account page, then change your password.',
    ],
    link: origin ? { url: `${origin}/account`, label: 'Review your signed-in devices' } : undefined,
  });
}

/** Mails the owner after the response when this browser is new to the account. */
export function noticeNewSignIn(request: Request, user: UserRow, context: RequestContext, method: SignInMethod): void {
  if (holdsDeviceCookie(request, user.id)) return;
  const at = new Date();
  afterResponse('new sign-in notice', () => sendMail(newSignInMail(user, context, method, at, linkOrigin())));
}
