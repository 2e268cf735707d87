import { enableTotp } from '@/lib/auth/mfa-settings';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { enableTotpSchema } from '@/lib/validation/mfa';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    recent: true,
    liveSession: true,
    body: enableTotpSchema,
    handler: async ({ user, body, client }) => json({ success: true, recoveryCodes: await enableTotp(user, body.code, client) }),
  },
});
