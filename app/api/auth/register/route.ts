import { registerAccount } from '@/lib/auth/accounts';
import { withDeviceCookie } from '@/lib/auth/device-cookie';
import { signedInResponse } from '@/lib/auth/responses';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { limitAuthAttempts } from '@/lib/rate-limit/guards';
import { toPublicUser } from '@/lib/users/public-user';
import { registerSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    // No cookie authenticates this request, but a foreign page must not sign a browser in either.
    origin: true,
    limit: limitAuthAttempts,
    body: registerSchema,
    async handler({ request, body, client }) {
      const { user, tokens } = await registerAccount(body, client);
      // EMAIL_VERIFICATION=required: no session and no cookie until the emailed link is used.
      if (!tokens) return json({ success: true, user: toPublicUser(user), verificationRequired: true }, { status: 201 });
      return withDeviceCookie(request, signedInResponse(request, 201, user, tokens), user.id);
    },
  },
});
