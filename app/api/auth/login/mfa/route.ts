import { withDeviceCookie } from '@/lib/auth/device-cookie';
import { completeMfaLogin } from '@/lib/auth/mfa-login';
import { signedInResponse } from '@/lib/auth/responses';
import { route } from '@/lib/http/route';
import { limitAuthAttempts } from '@/lib/rate-limit/guards';
import { loginMfaSchema } from '@/lib/validation/mfa';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    // The login's second step: it signs a browser in, so a foreign page must not send it either.
    origin: true,
    limit: limitAuthAttempts,
    body: loginMfaSchema,
    async handler({ request, body, client }) {
      const { user, tokens } = await completeMfaLogin(body, client);
      return withDeviceCookie(request, signedInResponse(request, 200, user, tokens), user.id);
    },
  },
});
