import { setRoleKeepingAnAdmin } from '../lib/admin/users';
import { ROLES, type Role } from '../lib/auth/roles';
import { withDatabase } from '../lib/db/client';
import { findUserByEmailIn } from '../lib/users/repository';
import { normalizeEmail } from '../lib/validation/email';
import { runCli } from './cli';

const USAGE = `usage: npm run user:role -- <email> <${ROLES.join('|')}>`;

await runCli(async () => {
  const [rawEmail, role] = process.argv.slice(2);
  if (!rawEmail || !role || !(ROLES as readonly string[]).includes(role)) throw new Error(USAGE);
  const email = normalizeEmail(rawEmail);

  const { before, after } = await withDatabase((db) =>
    db.transaction(async (tx) => {
      const user = await findUserByEmailIn(tx, email);
      if (!user) throw new Error(`no account with the email ${email}: sign up first`);
      return { before: user.role, after: (await setRoleKeepingAnAdmin(tx, user, role as Role)).role };
    }),
  );
  console.log(
    before === after
      ? `${email} already has the role ${after}`
      : `${email} is now ${after} (was ${before}); it shows in their access token at its next refresh`,
  );
});
