import { browserAccount } from '@/lib/auth/browser-session';
import { holdsDeviceCookie, withDeviceCookie } from '@/lib/auth/device-cookie';
import { redeemEmailLink } from '@/lib/auth/email-verification';
import { signedInResponse } from '@/lib/auth/responses';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { limitEmailLinkUses } from '@/lib/rate-limit/guards';
import { toPublicUser } from '@/lib/users/public-user';
import { verifyEmailSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    // Under EMAIL_VERIFICATION=required the link signs in: a foreign page must not do that either.
    origin: true,
    limit: limitEmailLinkUses,
    body: verifyEmailSchema,
    async handler({ request, body, client }) {
      const { user, tokens } = await redeemEmailLink(body.token, client, {
        signedInTo: await browserAccount(request),
        holdsDeviceCookie: (userId) => holdsDeviceCookie(request, userId),
      });
      if (!tokens) return json({ success: true, user: toPublicUser(user) });
      // Signed in by the link, as a login would: the session's cookie and the device cookie.
      return withDeviceCookie(request, signedInResponse(request, 200, user, tokens), user.id);
    },
  },
});
