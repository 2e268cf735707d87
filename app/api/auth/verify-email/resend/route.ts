import { resendVerification } from '@/lib/auth/email-verification';
import { EMAIL_LINK_TTL_HOURS } from '@/lib/auth/link-lifetimes';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    async handler({ user, client }) {
      const { sent, email } = await resendVerification(user, client);
      if (!sent) return json({ success: true, alreadyVerified: true, message: 'Your email address is already verified.' });
      return json({ success: true, message: `A new link is on its way to ${email}. It works for ${EMAIL_LINK_TTL_HOURS} hours.` }, { status: 202 });
    },
  },
});
