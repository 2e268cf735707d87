import { loginResponse } from '@/lib/auth/login-response';
import { route } from '@/lib/http/route';
import { logInWithPasskey } from '@/lib/passkeys/authentication';
import { limitAuthAttempts } from '@/lib/rate-limit/guards';
import { passkeyLoginSchema } from '@/lib/validation/passkeys';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    // It signs a browser in: a foreign page must not send it.
    origin: true,
    // Counted with logins and sign-ups from the address.
    limit: limitAuthAttempts,
    body: passkeyLoginSchema,
    async handler({ request, body, client }) {
      return loginResponse(request, await logInWithPasskey(request, body.response, client), client, 'passkey');
    },
  },
});
