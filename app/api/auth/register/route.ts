import { registerAccount } from '@/lib/auth/accounts';
import { withDeviceCookie } from '@/lib/auth/device-cookie';
import { signedInResponse } from '@/lib/auth/responses';
import { readJson } from '@/lib/http/body';
import { requestContext } from '@/lib/http/client-address';
import { assertSameOrigin } from '@/lib/http/origin-check';
import { route } from '@/lib/http/route';
import { limitAuthAttempts } from '@/lib/rate-limit/guards';
import { registerSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async POST(request) {
    // No cookie authenticates this request, but a foreign page must not sign a browser in either.
    assertSameOrigin(request);
    const context = requestContext(request);
    await limitAuthAttempts(context);
    const input = await readJson(request, registerSchema);
    const { user, tokens } = await registerAccount(input, context);
    return withDeviceCookie(request, signedInResponse(request, 201, user, tokens), user.id);
  },
});
