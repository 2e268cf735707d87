import 'server-only';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import { findUserById } from '../users/repository';
import type { LoginMfaInput } from '../validation/mfa';
import { finishLogin, type SignedIn } from './accounts';
import { refuseIfDisabled } from './disabled-accounts';
import { attemptMfaChallenge } from './mfa-challenge';
import { checkSecondFactor } from './second-factor';

/**
 * The second step of a login: a right code (an authenticator's or a recovery code) for the
 * account the mfaToken names finishes the login, as a password alone does for an account without
 * a second factor.
 */
export async function completeMfaLogin(input: LoginMfaInput, context: RequestContext): Promise<SignedIn> {
  const attempt = await attemptMfaChallenge(input.mfaToken);
  const user = await findUserById(attempt.userId);
  // Turned off, the account deleted, or the password changed or reset since the password step:
  // this login starts over (and, after a change, needs the new password).
  if (!user?.totpEnabledAt || !attempt.samePassword(user)) {
    await attempt.consume();
    throw errors.invalidMfaToken();
  }
  // The password was right: a disabled account hears so now, before a recovery code is spent.
  if (user.disabledAt) {
    await attempt.consume();
    await refuseIfDisabled(user, context);
  }
  const method = await checkSecondFactor(user, input.code, context);
  if (!method) {
    await recordEvent({ type: 'mfa_failed', userId: user.id, email: user.email, context });
    throw errors.invalidCode();
  }
  if (!(await attempt.consume())) throw errors.invalidMfaToken();
  return finishLogin(user, context, ['pwd', 'otp'], { secondFactor: method });
}
