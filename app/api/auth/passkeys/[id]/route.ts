import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { removePasskey, renamePasskey } from '@/lib/passkeys/manage';
import { renamePasskeySchema } from '@/lib/validation/passkeys';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  PATCH: {
    auth: 'user',
    body: renamePasskeySchema,
    handler: async ({ user, params, body }) => json({ success: true, passkey: await renamePasskey(user, params.id, body.name) }),
  },
  DELETE: {
    auth: 'user',
    recent: true,
    async handler({ user, params, client }) {
      await removePasskey(user, params.id, client);
      return json({ success: true });
    },
  },
});
