import 'server-only';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { activeAccount } from './disabled-accounts';
import { findUserById } from '../users/repository';
import type { ReauthInput } from '../validation/mfa';
import { checkUserPassword } from './password-check';
import { checkSecondFactor } from './second-factor';
import { recordReauthentication, type IssuedAccessToken } from '../sessions/refresh';
import type { AccessClaims, AuthMethod } from './tokens';

/**
 * Re-authentication: the signed-in user proves who they are again, with the password or a
 * second-factor code (either, also when both exist), before a sensitive action. The session keeps
 * the new `auth_time` across refreshes, and `amr` says which proof it was. Wrong answers are field
 * errors, and both kinds are limited per user.
 */
export async function reauthenticate(claims: AccessClaims, input: ReauthInput, context: RequestContext): Promise<IssuedAccessToken> {
  const user = activeAccount(await findUserById(claims.sub));
  const method = input.password !== undefined ? 'password' : 'code';
  let amr: AuthMethod[];
  if (input.password !== undefined) {
    if (!(await checkUserPassword(user, input.password))) {
      await recordEvent({ type: 'reauth_failed', userId: user.id, email: user.email, context, detail: { method } });
      throw errors.validation('Password is incorrect', { password: 'Password is incorrect' });
    }
    amr = ['pwd'];
  } else {
    if (!user.totpEnabledAt) throw errors.validation('Two-factor authentication is off: confirm with your password', { code: 'Two-factor authentication is off: confirm with your password' });
    if (!(await checkSecondFactor(user, input.code!, context))) {
      await recordEvent({ type: 'reauth_failed', userId: user.id, email: user.email, context, detail: { method } });
      throw errors.validation('That code is not right', { code: 'That code is not right' });
    }
    amr = ['otp'];
  }
  const issued = await recordReauthentication(user, claims.sid, amr);
  await recordEvent({ type: 'reauthenticated', userId: user.id, email: user.email, context, detail: { method } });
  return issued;
}
