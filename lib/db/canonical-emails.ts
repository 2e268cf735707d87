import 'server-only';
import { eq, isNull } from 'drizzle-orm';
import { canonicalEmail } from '../validation/email';
import type { Database } from './client';
import { users } from './schema';

/**
 * Marks an account that lost its address to another one whose address folds to the same form: it
 * cannot be found by email any more (the marker holds no `@`, so no canonical form ever equals it).
 */
export const LOOK_ALIKE_PREFIX = 'look-alike:';

/**
 * Gives every account written before `users.email_canonical` existed its canonical form (migration
 * 0003 fills the ASCII ones; SQL cannot repeat JavaScript's case folding). Runs right after the
 * migrations (lib/db/client.ts for the embedded database, lib/db/migrate.ts for PostgreSQL) and
 * finds nothing to do once done.
 *
 * Accounts created under the old rule may collide: `admin@x.io` and a look-alike `ａdmin@x.io`
 * were two accounts. Nobody is merged or deleted. The canonical form goes to the account whose
 * address is already spelled that way (the plain `admin@x.io`, or one holding it already), or to
 * a lone account; when several look-alikes collide with no plain spelling among them, none gets it,
 * because choosing one would hand an address (and an `ADMIN_EMAILS` match) to whoever registered
 * first. The others can no longer sign in by email; they are logged by id for an admin to sort out.
 */
export async function settleCanonicalEmails(db: Database): Promise<void> {
  const unsettled = await db.select({ id: users.id, email: users.email }).from(users).where(isNull(users.emailCanonical));
  if (unsettled.length === 0) return;

  const groups = new Map<string, typeof unsettled>();
  for (const row of unsettled) {
    const canonical = canonicalEmail(row.email);
    groups.set(canonical, [...(groups.get(canonical) ?? []), row]);
  }
  const lookAlikes: string[] = [];
  await db.transaction(async (tx) => {
    for (const [canonical, rows] of groups) {
      const [holder] = await tx.select({ id: users.id }).from(users).where(eq(users.emailCanonical, canonical));
      const owner = holder ? undefined : (rows.find((row) => row.email === canonical) ?? (rows.length === 1 ? rows[0] : undefined));
      for (const row of rows) {
        if (row !== owner) lookAlikes.push(row.id);
        await tx
          .update(users)
          .set({ emailCanonical: row === owner ? canonical : `${LOOK_ALIKE_PREFIX}${row.id}` })
          .where(eq(users.id, row.id));
      }
    }
  });
  if (lookAlikes.length > 0) {
    console.warn(
      `[db] ${lookAlikes.length} account(s) share their address with another account once look-alike characters are folded (NFKC, case) and can no longer sign in by email: ${lookAlikes.join(', ')}`,
    );
  }
}
