import 'server-only';
import type { RequestContext } from '../http/client-address';
import type { SignedIn } from './accounts';
import { withDeviceCookie } from './device-cookie';
import { noticeNewSignIn, type SignInMethod } from './new-sign-in-notice';
import { signedInResponse } from './responses';

/**
 * The answer to a finished login (password, second factor or passkey): the tokens, the refresh
 * cookie and the device cookie, and for a browser new to the account a notice to its owner.
 * The notice is decided before the device cookie is renewed, on the cookie the browser sent.
 */
export function loginResponse(request: Request, { user, tokens }: SignedIn, context: RequestContext, method: SignInMethod): Response {
  noticeNewSignIn(request, user, context, method);
  return withDeviceCookie(request, signedInResponse(request, 200, user, tokens), user.id);
}
