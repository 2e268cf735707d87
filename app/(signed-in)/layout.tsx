import type { ReactNode } from 'react';
import { PasskeyOffer } from '@/components/auth/passkey-offer';
import { ReauthDialog } from '@/components/auth/reauth-dialog';
import { RequireAuth } from '@/components/auth/require-auth';
import { VerifyEmailBanner } from '@/components/layout/verify-email-banner';

/**
 * The pages that need a user. The middleware already sends visitors without a valid refresh
 * cookie to /login (lib/http/signed-in-pages.ts); RequireAuth covers a session that ends while the
 * page is open. The re-authentication dialog serves every action of these pages that needs a
 * recent sign-in; after a password sign-in, the offer to add a passkey sits above them. The
 * banner asking to verify the address comes in with the page, where the loading skeleton was;
 * between the header and the page it pushed the whole page down once the session was known.
 */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <RequireAuth>
      <VerifyEmailBanner />
      <ReauthDialog />
      <PasskeyOffer />
      {children}
    </RequireAuth>
  );
}
