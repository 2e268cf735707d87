import type { ReactNode } from 'react';
import { PasskeyOffer } from '@/components/auth/passkey-offer';
import { ReauthDialog } from '@/components/auth/reauth-dialog';

/**
 * The pages that need a user. The middleware already sends visitors without a valid refresh
 * cookie to /login (lib/http/signed-in-pages.ts); each page draws itself through SignedInPage,
 * which covers a session that ends while the page is open and says what the page shows while the
 * session is restored. The re-authentication dialog serves every action of these pages that needs
 * a recent sign-in; after a password sign-in, the offer to add a passkey sits above them. Both
 * stay mounted across these pages and draw nothing until the session is known (the offer follows
 * a sign-in in this tab, never a reload that restores a session).
 */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <ReauthDialog />
      <PasskeyOffer />
      {children}
    </>
  );
}
