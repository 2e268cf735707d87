import { reauthenticate } from '@/lib/auth/reauth';
import { json, NO_STORE } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { reauthSchema } from '@/lib/validation/mfa';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    body: reauthSchema,
    async handler({ user, body, client }) {
      const { accessToken, expiresIn } = await reauthenticate(user, body, client);
      return json({ success: true, accessToken, expiresIn }, { headers: NO_STORE });
    },
  },
});
