import { after } from 'next/server';
import { mailSecondFactorOff } from '@/lib/auth/mfa-mail';
import { disableTotp } from '@/lib/auth/mfa-settings';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'user',
    recent: true,
    async handler({ user, client }) {
      const owner = await disableTotp(user, client);
      after(() => mailSecondFactorOff(owner));
      return json({ success: true });
    },
  },
});
