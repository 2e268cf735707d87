import { readRefreshCookie } from '@/lib/auth/cookies';
import { signedInResponse, withClearedRefreshCookie } from '@/lib/auth/responses';
import { refreshSession } from '@/lib/sessions/refresh';
import { isApiError } from '@/lib/http/errors';
import { errorResponse } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    origin: true,
    async handler({ request, client }) {
      try {
        const { user, tokens } = await refreshSession(readRefreshCookie(request), client);
        return signedInResponse(request, 200, user, tokens);
      } catch (error) {
        // A dead refresh token is cleared so the browser stops sending it; a 503 keeps it for a retry.
        if (isApiError(error) && error.code === 'invalid_refresh_token') {
          return withClearedRefreshCookie(request, errorResponse(error));
        }
        throw error;
      }
    },
  },
});
