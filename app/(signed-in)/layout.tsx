import type { ReactNode } from 'react';
import { PasskeyOffer } from '@/components/auth/passkey-offer';
import { ReauthDialog } from '@/components/auth/reauth-dialog';
import { RequireAuth } from '@/components/auth/require-auth';

/**
 * The pages that need a user. The middleware already sends visitors without a valid refresh
 * cookie to /login (lib/http/signed-in-pages.ts); RequireAuth covers a session that ends while the
 * page is open. The re-authentication dialog serves every action of these pages that needs a
 * recent sign-in; after a password sign-in, the offer to add a passkey sits above them.
 */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return (
    <RequireAuth>
      <ReauthDialog />
      <PasskeyOffer />
      {children}
    </RequireAuth>
  );
}
