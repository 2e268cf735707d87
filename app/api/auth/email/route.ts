import { requestEmailChange } from '@/lib/auth/email-change';
import { EMAIL_LINK_TTL_HOURS } from '@/lib/auth/link-lifetimes';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { emailChangeSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    recent: true,
    liveSession: true,
    body: emailChangeSchema,
    async handler({ user, body: { email }, client }) {
      await requestEmailChange(user, email, client);
      return json(
        { success: true, message: `We sent a link to ${email}. Your address changes when you open it; it works for ${EMAIL_LINK_TTL_HOURS} hours.` },
        { status: 202 },
      );
    },
  },
});
