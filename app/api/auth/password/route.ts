import { changePassword } from '@/lib/auth/password-change';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { passwordChangeSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    body: passwordChangeSchema,
    handler: async ({ user, body, client }) => json({ success: true, endedSessions: await changePassword(user, body, client) }),
  },
});
