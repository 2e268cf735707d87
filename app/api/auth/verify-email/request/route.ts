import { requestVerificationByEmail } from '@/lib/auth/email-verification';
import { EMAIL_LINK_TTL_HOURS } from '@/lib/auth/link-lifetimes';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { verificationRequestSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  POST: {
    auth: 'public',
    origin: true,
    body: verificationRequestSchema,
    async handler({ body: { email }, client }) {
      await requestVerificationByEmail(email, client);
      // The same answer whether or not an account still waits for this address to be verified.
      return json(
        { success: true, message: `If an account with this email still needs verifying, a new link is on its way. It works for ${EMAIL_LINK_TTL_HOURS} hours.` },
        { status: 202 },
      );
    },
  },
});
