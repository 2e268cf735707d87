import 'server-only';
import { startPasswordCheck } from '../rate-limit/guards';
import { verifyPassword } from './password';

/**
 * Checks a signed-in user's password outside login: changing it, and every action that asks for
 * it again (re-authentication). All of them go through here, so they share one limit per user
 * (RATE_LIMIT_PASSWORD_CHECKS_PER_USER): over it, 429 `rate_limited` before any bcrypt.
 */
export async function checkUserPassword(user: { id: string; passwordHash: string }, password: string): Promise<boolean> {
  const check = await startPasswordCheck(user.id);
  const matches = await verifyPassword(password, user.passwordHash);
  if (matches) await check.passed();
  return matches;
}
