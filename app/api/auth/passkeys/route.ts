import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { listPasskeys } from '@/lib/passkeys/manage';
import { addPasskey } from '@/lib/passkeys/registration';
import { addPasskeySchema } from '@/lib/validation/passkeys';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    handler: async ({ user }) => json({ success: true, passkeys: await listPasskeys(user) }),
  },
  POST: {
    // Not itself recent: it answers a challenge that only a recent sign-in could ask for
    // (POST /api/auth/passkeys/options), bound to this session, which must still be live: options
    // asked for before the owner ended it must not add a passkey after.
    auth: 'user',
    liveSession: true,
    body: addPasskeySchema,
    handler: async ({ request, user, body, client }) => json({ success: true, passkey: await addPasskey(request, user, body, client) }, { status: 201 }),
  },
});
