import 'server-only';
import type { UserRow } from '../db/schema';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';

/**
 * A disabled account signs in no way at all: password, second factor, passkey or emailed link.
 * Every way in calls this once the person has proved who they are, and only then, so the refusal
 * says nothing to someone who has not. The attempt is in the account's log. Call it outside any
 * transaction: the refusal rolls the caller's back, and the embedded database would wait on it.
 */
export async function refuseIfDisabled(user: UserRow, context: RequestContext): Promise<void> {
  if (!user.disabledAt) return;
  await recordEvent({ type: 'login_failed', userId: user.id, email: user.email, context, detail: { reason: 'account_disabled' } });
  throw errors.accountDisabled();
}

/**
 * The account behind a valid access token, for the routes that read it anyway: gone is 401
 * `invalid_token` (the token names no one), disabled is 403 `account_disabled`. An access token
 * outlives both by at most ACCESS_TOKEN_TTL on the routes that trust it without a read.
 */
export function activeAccount(user: UserRow | undefined): UserRow {
  if (!user) throw errors.invalidToken();
  if (user.disabledAt) throw errors.accountDisabled();
  return user;
}
