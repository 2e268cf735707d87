import 'server-only';
import { eq } from 'drizzle-orm';
import { assertNotLastAdmin, lockAdmins } from '../admin/users';
import { activeAccount } from '../auth/disabled-accounts';
import type { AccessClaims } from '../auth/tokens';
import { withDatabase } from '../db/client';
import { users } from '../db/schema';
import { scrubPersonalData } from '../events/personal-data';
import { recordEvent } from '../events/record';
import { getTokenStore } from '../sessions/store';

// The deletion's own event names no one but the id: not even where the request came from.
const NO_CLIENT = { ip: null, userAgent: null };

/**
 * Deletes the caller's account (`DELETE /api/auth/account`), in one transaction:
 *
 * - the user row goes, and with it (ON DELETE CASCADE) the projects and their tasks, passkeys,
 *   recovery codes, reset and verification links; the TOTP secret was a column of the row.
 *   Employees the user added stay in the shared directory, `createdBy` null (ON DELETE SET NULL);
 * - the security log keeps the account's events under its id, without personal data
 *   (lib/events/personal-data.ts), and records `account_deleted`;
 * - every session ends in the token store before the transaction commits, so a store outage
 *   deletes nothing (503). Waiting second-factor steps and passkey challenges expire within
 *   minutes and find no account meanwhile.
 *
 * The email is free at once: the unique indexes held it in the row. The last enabled admin
 * cannot leave (409 `last_admin`), nor can a disabled account (403 `account_disabled`).
 */
export async function deleteAccount(claims: AccessClaims): Promise<void> {
  await withDatabase((db) =>
    db.transaction(async (tx) => {
      // The admins' lock first, as role changes take it: a concurrent demotion of the only other
      // admin and this deletion cannot both pass.
      const admins = await lockAdmins(tx);
      const [row] = await tx.select().from(users).where(eq(users.id, claims.sub)).for('update');
      const account = activeAccount(row);
      assertNotLastAdmin(admins, account);
      await scrubPersonalData(tx, account.id, account.email);
      await tx.delete(users).where(eq(users.id, account.id));
      await recordEvent({ type: 'account_deleted', userId: account.id, context: NO_CLIENT }, tx);
      await getTokenStore().deleteUserSessions(account.id);
    }),
  );
}
