import { resetPassword } from '@/lib/auth/password-reset';
import { readJson } from '@/lib/http/body';
import { requestContext } from '@/lib/http/client-address';
import { assertSameOrigin } from '@/lib/http/origin-check';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { resetPasswordSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async POST(request) {
    assertSameOrigin(request);
    const input = await readJson(request, resetPasswordSchema);
    await resetPassword(input, requestContext(request));
    return json({ success: true, message: 'Your password has been changed. Log in with the new one.' });
  },
});
