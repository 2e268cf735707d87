import type { ReactNode } from 'react';
import { RequireAuth } from '../auth/require-auth';
import { VerifyEmailBanner } from './verify-email-banner';

/**
 * A page that needs a user: `children` once the session is restored, `frame` until then (see
 * RequireAuth). The banner asking to verify the address comes in with the page, in place of the
 * frame: drawn above a frame already on screen, it would push the whole page down.
 */
export function SignedInPage({ frame, children }: { frame?: ReactNode; children: ReactNode }) {
  return (
    <RequireAuth frame={frame}>
      <VerifyEmailBanner />
      {children}
    </RequireAuth>
  );
}
