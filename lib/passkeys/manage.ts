import 'server-only';
import { withDatabase } from '../db/client';
import { recordEvent } from '../events/record';
import type { RequestContext } from '../http/client-address';
import { errors } from '../http/errors';
import type { AccessClaims } from '../auth/tokens';
import { deleteUserPasskey, listUserPasskeys, renameUserPasskey } from './repository';
import { toPasskeyView, type PasskeyView } from './view';

/** The caller's passkeys on /account: oldest first. Another user's, or a malformed id, is 404 like a missing one. */

const notFound = () => errors.notFound('Passkey not found');

export async function listPasskeys(claims: AccessClaims): Promise<PasskeyView[]> {
  return (await listUserPasskeys(claims.sub)).map(toPasskeyView);
}

export async function renamePasskey(claims: AccessClaims, id: string | undefined, name: string): Promise<PasskeyView> {
  const row = await renameUserPasskey(claims.sub, id, name);
  if (!row) throw notFound();
  return toPasskeyView(row);
}

/** The passkey stops signing in at once; the sessions it started go on, like a password change's own. */
export async function removePasskey(claims: AccessClaims, id: string | undefined, context: RequestContext): Promise<void> {
  await withDatabase((db) =>
    db.transaction(async (tx) => {
      const row = await deleteUserPasskey(tx, claims.sub, id);
      if (!row) throw notFound();
      await recordEvent({ type: 'passkey_removed', userId: claims.sub, email: claims.email, context, detail: { passkeyId: row.id, name: row.name } }, tx);
    }),
  );
}
