import { resetPassword } from '@/lib/auth/password-reset';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { limitEmailLinkUses } from '@/lib/rate-limit/guards';
import { resetPasswordSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    origin: true,
    limit: limitEmailLinkUses,
    body: resetPasswordSchema,
    async handler({ body, client }) {
      await resetPassword(body, client);
      return json({ success: true, message: 'Your password has been changed. Log in with the new one.' });
    },
  },
});
