import { readRefreshCookie } from '@/lib/auth/cookies';
import { withClearedRefreshCookie } from '@/lib/auth/responses';
import { endSession } from '@/lib/sessions/refresh';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    origin: true,
    async handler({ request }) {
      await endSession(readRefreshCookie(request));
      return withClearedRefreshCookie(request, json({ success: true }));
    },
  },
});
