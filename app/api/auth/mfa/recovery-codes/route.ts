import { after } from 'next/server';
import { mailRecoveryCodesReplaced } from '@/lib/auth/mfa-mail';
import { regenerateRecoveryCodes } from '@/lib/auth/mfa-settings';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    recent: true,
    liveSession: true,
    async handler({ user, client }) {
      const { user: owner, codes } = await regenerateRecoveryCodes(user, client);
      after(() => mailRecoveryCodesReplaced(owner));
      return json({ success: true, recoveryCodes: codes });
    },
  },
});
