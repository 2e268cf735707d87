import { logIn } from '@/lib/auth/accounts';
import { readDeviceCookie, withDeviceCookie } from '@/lib/auth/device-cookie';
import { signedInResponse } from '@/lib/auth/responses';
import { route } from '@/lib/http/route';
import { limitAuthAttempts } from '@/lib/rate-limit/guards';
import { loginSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    // No cookie authenticates this request, but a foreign page must not sign a browser in either.
    origin: true,
    limit: limitAuthAttempts,
    body: loginSchema,
    async handler({ request, body, client }) {
      const { user, tokens } = await logIn(body, client, readDeviceCookie(request));
      return withDeviceCookie(request, signedInResponse(request, 200, user, tokens), user.id);
    },
  },
});
