import { logIn, needsSecondFactor } from '@/lib/auth/accounts';
import { readDeviceCookie } from '@/lib/auth/device-cookie';
import { loginResponse } from '@/lib/auth/login-response';
import { json, NO_STORE } from '@/lib/http/respond';
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
      const result = await logIn(body, client, readDeviceCookie(request));
      // No token and no cookie yet, not even the device cookie: the login is not finished.
      if (needsSecondFactor(result)) return json({ success: true, mfaRequired: true, mfaToken: result.mfaToken }, { headers: NO_STORE });
      return loginResponse(request, result, client, 'password');
    },
  },
});
