import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { loginOptions } from '@/lib/passkeys/authentication';
import { limitPasskeyOptions } from '@/lib/rate-limit/guards';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    // It sets the cookie a sign-in is bound to: a foreign page must not plant one.
    origin: true,
    // Every challenge is kept for five minutes, so asking for them is limited per address.
    limit: limitPasskeyOptions,
    async handler({ request }) {
      const { options, setCookie } = await loginOptions(request);
      return json({ success: true, options }, { headers: { 'Set-Cookie': setCookie } });
    },
  },
});
