import { logIn } from '@/lib/auth/accounts';
import { signedInResponse } from '@/lib/auth/responses';
import { readJson } from '@/lib/http/body';
import { assertSameOrigin } from '@/lib/http/origin-check';
import { route } from '@/lib/http/route';
import { loginSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async POST(request) {
    // No cookie authenticates this request, but a foreign page must not sign a browser in either.
    assertSameOrigin(request);
    const input = await readJson(request, loginSchema);
    const { user, tokens } = await logIn(input, request.headers.get('user-agent'));
    return signedInResponse(request, 200, user, tokens);
  },
});
