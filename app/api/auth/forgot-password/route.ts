import { after } from 'next/server';
import { sendPasswordResetIfAccountExists } from '@/lib/auth/password-reset';
import { readJson } from '@/lib/http/body';
import { requestContext } from '@/lib/http/client-address';
import { assertSameOrigin } from '@/lib/http/origin-check';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { limitPasswordResetRequests } from '@/lib/rate-limit/guards';
import { forgotPasswordSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async POST(request) {
    assertSameOrigin(request);
    const context = requestContext(request);
    const { email } = await readJson(request, forgotPasswordSchema);
    await limitPasswordResetRequests(email, context);
    // The lookup and the mail run after the answer is sent: 202 comes just as fast for an address
    // with no account, so neither the body nor the timing says which addresses exist.
    after(() =>
      sendPasswordResetIfAccountExists(email, context).catch((error: unknown) => {
        console.error(`[auth] password-reset mail failed: ${error instanceof Error ? error.name : typeof error}`);
      }),
    );
    return json({ success: true, message: 'If an account uses this email, a reset link is on its way. It works for 30 minutes.' }, { status: 202 });
  },
});
