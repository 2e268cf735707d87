import { sendPasswordResetIfAccountExists } from '@/lib/auth/password-reset';
import { afterResponse } from '@/lib/http/after-response';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { limitPasswordResetRequests } from '@/lib/rate-limit/guards';
import { forgotPasswordSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    origin: true,
    body: forgotPasswordSchema,
    async handler({ body: { email }, client }) {
      await limitPasswordResetRequests(email, client);
      // The lookup and the mail run after the answer is sent: 202 comes just as fast for an address
      // with no account, so neither the body nor the timing says which addresses exist.
      afterResponse('password-reset mail', () => sendPasswordResetIfAccountExists(email, client));
      return json({ success: true, message: 'If an account uses this email, a reset link is on its way. It works for 30 minutes.' }, { status: 202 });
    },
  },
});
