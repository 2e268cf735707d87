'use client';

import { authClient } from '@/lib/client/auth-context';
import { ConfirmButton } from '../ui/confirm-button';

/** Ends every session, this one too. The client then signs out this tab and its siblings, like `Log out`. */
export function LogOutEverywhere() {
  return (
    <div className="mt-4 border-t border-line pt-4">
      <ConfirmButton
        question="Sign out every device, this one included?"
        confirmLabel="Yes, log out everywhere"
        busyLabel="Logging out…"
        onConfirm={() => authClient().logoutEverywhere()}
      >
        Log out everywhere
      </ConfirmButton>
    </div>
  );
}
