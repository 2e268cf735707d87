import { readRefreshCookie } from '@/lib/auth/cookies';
import { signedInResponse, withClearedRefreshCookie } from '@/lib/auth/responses';
import { refreshSession } from '@/lib/auth/sessions';
import { requestContext } from '@/lib/http/client-address';
import { isApiError } from '@/lib/http/errors';
import { assertSameOrigin } from '@/lib/http/origin-check';
import { errorResponse } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async POST(request) {
    assertSameOrigin(request);
    try {
      const { user, tokens } = await refreshSession(readRefreshCookie(request), requestContext(request));
      return signedInResponse(request, 200, user, tokens);
    } catch (error) {
      // A dead refresh token is cleared so the browser stops sending it; a 503 keeps it for a retry.
      if (isApiError(error) && error.code === 'invalid_refresh_token') {
        return withClearedRefreshCookie(request, errorResponse(error));
      }
      throw error;
    }
  },
});
