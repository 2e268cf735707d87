'use client';

import Link from 'next/link';
import { requestPasswordReset } from '@/lib/client/password-reset';
import { useFormSentEarly } from '@/lib/client/use-form-sent-early';
import { EmailLinkRequestForm } from './email-link-request-form';
import { TEXT_LINK_CLASS } from '../ui/text-link';

const loadForgotPasswordSchema = () => import('@/lib/validation/auth').then((module) => module.forgotPasswordSchema);

/** Asks for a reset link. The answer is the server's, worded the same whether or not the account exists. */
export function ForgotPasswordForm() {
  return (
    <EmailLinkRequestForm schema={loadForgotPasswordSchema} request={requestPasswordReset} submitLabel="Send reset link" initialAlert={useFormSentEarly()}>
      <p className="pt-2 text-center text-sm text-fg-muted">
        Remembered it?{' '}
        <Link href="/login" className={TEXT_LINK_CLASS}>
          Log in
        </Link>
      </p>
    </EmailLinkRequestForm>
  );
}
