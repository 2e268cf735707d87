'use client';

import { requestVerificationLink } from '@/lib/client/email-verification';
import { verificationRequestSchema } from '@/lib/validation/auth';
import { EmailLinkRequestForm } from './email-link-request-form';

/** Asks for a new verification link by address, signed out. The answer is the same whether or not such an account waits. */
export function VerificationRequestForm() {
  return <EmailLinkRequestForm schema={verificationRequestSchema} request={requestVerificationLink} submitLabel="Send a new link" />;
}
