import { registerAccount } from '@/lib/auth/accounts';
import { signedInResponse } from '@/lib/auth/responses';
import { readJson } from '@/lib/http/body';
import { route } from '@/lib/http/route';
import { registerSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async POST(request) {
    const input = await readJson(request, registerSchema);
    const { user, tokens } = await registerAccount(input, request.headers.get('user-agent'));
    return signedInResponse(request, 201, user, tokens);
  },
});
