import { requireUser } from '@/lib/auth/access';
import { withClearedRefreshCookie } from '@/lib/auth/responses';
import { logOutEverywhere } from '@/lib/auth/user-sessions';
import { requestContext } from '@/lib/http/client-address';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async POST(request) {
    const claims = await requireUser(request);
    const revoked = await logOutEverywhere(claims, requestContext(request));
    return withClearedRefreshCookie(request, json({ success: true, revoked }));
  },
});
