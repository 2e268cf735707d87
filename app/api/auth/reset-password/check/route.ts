import { resetLinkState } from '@/lib/auth/password-reset';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { limitEmailLinkUses } from '@/lib/rate-limit/guards';
import { resetLinkSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    // Only a read, but a public POST like its neighbours: a foreign page gets nothing from it.
    origin: true,
    limit: limitEmailLinkUses,
    // The token in the body, as for the reset itself: never in a URL a log or a Referer keeps.
    body: resetLinkSchema,
    async handler({ body }) {
      return json({ success: true, state: await resetLinkState(body.token) });
    },
  },
});
