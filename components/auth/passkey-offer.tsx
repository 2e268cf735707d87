'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useState, type ComponentType } from 'react';
import { useAuth } from '@/lib/client/auth-context';
import { passkeyOfferSettled, signedInWithPassword } from '@/lib/client/passkey-offer';

/**
 * After a password sign-in, for an account without a passkey, where this browser can make one: an
 * offer to add one. Answered (added, or `Not now`), it does not come back for this account in this
 * browser. Not on /account, whose Passkeys section says the same and more. Only a sign-in in this
 * tab can call for it, never a reload, so the offer and the passkey code it needs
 * (passkey-offer-banner.tsx) are fetched then, not with every signed-in page.
 */
export function PasskeyOffer() {
  const { user } = useAuth();
  const pathname = usePathname();
  const [Banner, setBanner] = useState<ComponentType | null>(null);
  const userId = user?.id;
  const onAccount = pathname.startsWith('/account');

  useEffect(() => {
    if (Banner || !userId || onAccount || !signedInWithPassword(userId) || passkeyOfferSettled(userId)) return;
    let current = true;
    import('./passkey-offer-banner').then(
      ({ PasskeyOfferBanner }) => {
        if (current) setBanner(() => PasskeyOfferBanner);
      },
      // No code, no offer: it is a suggestion, not worth an error.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [Banner, userId, onAccount]);

  return Banner ? <Banner /> : null;
}
