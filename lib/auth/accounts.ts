import { getConfig } from '../config/env';
import { withDatabase } from '../db/client';
import type { UserRow } from '../db/schema';
import { errors } from '../http/errors';
import type { LoginInput, RegisterInput } from '../validation/auth';
import { findUserByEmail, insertUser, setUserRole } from '../users/repository';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import { passwordPolicyProblem } from './password-policy';
import { startSession, type IssuedTokens } from './sessions';

export interface SignedIn {
  user: UserRow;
  tokens: IssuedTokens;
}

export async function registerAccount(input: RegisterInput, userAgent: string | null): Promise<SignedIn> {
  const config = getConfig();
  const problem = passwordPolicyProblem(input.password, input.email);
  if (problem) throw errors.validation(problem, { password: problem });

  const passwordHash = await hashPassword(input.password, config.bcryptCost);
  // The session is created inside the user's transaction: if the store is down the insert rolls
  // back, so a failed sign-up leaves no account behind and can simply be retried.
  return withDatabase((db) =>
    db.transaction(async (tx) => {
      const user = await insertUser(tx, {
        email: input.email,
        passwordHash,
        firstName: input.firstName,
        lastName: input.lastName,
        role: config.adminEmails.has(input.email) ? 'admin' : 'user',
      });
      if (!user) throw errors.emailTaken();
      return { user, tokens: await startSession(user, userAgent) };
    }),
  );
}

export async function logIn(input: LoginInput, userAgent: string | null): Promise<SignedIn> {
  const config = getConfig();
  const found = await findUserByEmail(input.email);
  // Unknown emails pay for one bcrypt comparison too, so timing does not reveal which exist.
  const matches = await verifyPassword(input.password, found?.passwordHash ?? (await dummyPasswordHash(config.bcryptCost)));
  if (!found || !matches) throw errors.invalidCredentials();

  if (config.adminEmails.has(found.email) && found.role !== 'admin') {
    // The promotion commits only with the session, so a store outage leaves the role untouched.
    return withDatabase((db) =>
      db.transaction(async (tx) => {
        const user = (await setUserRole(tx, found.id, 'admin')) ?? found;
        return { user, tokens: await startSession(user, userAgent) };
      }),
    );
  }
  return { user: found, tokens: await startSession(found, userAgent) };
}
