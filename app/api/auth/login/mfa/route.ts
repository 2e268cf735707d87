import { loginResponse } from '@/lib/auth/login-response';
import { completeMfaLogin } from '@/lib/auth/mfa-login';
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
      return loginResponse(request, await completeMfaLogin(body, client), client, 'second-factor');
    },
  },
});
