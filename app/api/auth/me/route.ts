import { errors } from '@/lib/http/errors';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { toPublicUser } from '@/lib/users/public-user';
import { findUserById } from '@/lib/users/repository';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    async handler({ user: claims }) {
      const user = await findUserById(claims.sub);
      if (!user) throw errors.invalidToken();
      return json({ success: true, user: toPublicUser(user) });
    },
  },
});
