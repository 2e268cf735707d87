import { activeAccount } from '@/lib/auth/disabled-accounts';
import { errors } from '@/lib/http/errors';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { toPublicUser } from '@/lib/users/public-user';
import { findUserById, updateUserNames } from '@/lib/users/repository';
import { profileUpdateSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    handler: async ({ user: claims }) => json({ success: true, user: toPublicUser(activeAccount(await findUserById(claims.sub))) }),
  },
  PATCH: {
    auth: 'user',
    // The schema keeps the names only: an email, role or flag in the body is dropped unread.
    body: profileUpdateSchema,
    async handler({ user: claims, body }) {
      activeAccount(await findUserById(claims.sub));
      const user = await updateUserNames(claims.sub, body);
      if (!user) throw errors.invalidToken();
      return json({ success: true, user: toPublicUser(user) });
    },
  },
});
