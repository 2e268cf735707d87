'use client';

import { useAuth } from '@/lib/client/auth-context';
import { resendVerificationLink } from '@/lib/client/email-verification';
import { SendLinkButton } from '../auth/send-link-button';

/** At the top of a signed-in page for a user whose address is not verified yet, with a way to get a new link. */
export function VerifyEmailBanner() {
  const { status, user } = useAuth();
  if (status !== 'authenticated' || !user || user.emailVerified) return null;
  return (
    <aside aria-label="Email verification" className="border-b border-warning-line bg-warning-soft">
      <div className="mx-auto flex max-w-4xl flex-wrap items-start justify-between gap-x-4 gap-y-2 px-6 py-3 text-sm text-warning">
        <p className="min-w-0">Please verify your email address: open the link we sent you.</p>
        <SendLinkButton label="Resend" send={resendVerificationLink} />
      </div>
    </aside>
  );
}
