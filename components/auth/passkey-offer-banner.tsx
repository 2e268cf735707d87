'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { authClient, useAuth } from '@/lib/client/auth-context';
import { passkeyMessage } from '@/lib/client/passkey-messages';
import { passkeyOfferSettled, rememberPasskeyOfferSettled, signedInWithPassword } from '@/lib/client/passkey-offer';
import { addPasskey, passkeysUsableHere, type PasskeyView } from '@/lib/client/passkey-registration';
import { ActionMessage, type ActionResult } from '../ui/action-message';
import { Button } from '../ui/button';

type Offer = { state: 'hidden' } | { state: 'offered' } | { state: 'adding' } | { state: 'done'; result: ActionResult };

/**
 * The offer itself, loaded by PasskeyOffer when a password sign-in may call for it: shown where
 * this browser can make a passkey and the account has none.
 */
export function PasskeyOfferBanner() {
  const { user } = useAuth();
  const pathname = usePathname();
  const [offer, setOffer] = useState<Offer>({ state: 'hidden' });
  const userId = user?.id;
  const onAccount = pathname.startsWith('/account');

  useEffect(() => {
    if (!userId || onAccount || !signedInWithPassword(userId) || passkeyOfferSettled(userId) || !passkeysUsableHere()) return;
    let current = true;
    authClient()
      .json<{ passkeys: PasskeyView[] }>('/api/auth/passkeys')
      .then(
        ({ passkeys }) => {
          if (!current) return;
          if (passkeys.length > 0) rememberPasskeyOfferSettled(userId);
          else setOffer({ state: 'offered' });
        },
        // No list, no offer: it is a suggestion, not worth an error.
        () => undefined,
      );
    return () => {
      current = false;
    };
  }, [userId, onAccount]);

  if (!userId || onAccount || offer.state === 'hidden') return null;

  async function add() {
    if (!userId || offer.state === 'adding') return;
    setOffer({ state: 'adding' });
    try {
      const passkey = await addPasskey();
      rememberPasskeyOfferSettled(userId);
      setOffer({ state: 'done', result: { ok: true, text: `Passkey added: ${passkey.name}. Next time, sign in with it instead of your password.` } });
    } catch (error) {
      const text = passkeyMessage(error, 'registration');
      setOffer(text ? { state: 'done', result: { ok: false, text } } : { state: 'offered' });
    }
  }

  function dismiss() {
    if (userId) rememberPasskeyOfferSettled(userId);
    setOffer({ state: 'hidden' });
  }

  return (
    <aside aria-label="Passkey suggestion" className="border-b border-accent-line bg-accent-soft">
      <div className="mx-auto max-w-4xl px-6 py-3 text-sm text-fg">
        {offer.state === 'done' ? (
          <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
            <ActionMessage result={offer.result} />
            <Button onClick={() => setOffer({ state: 'hidden' })}>Close</Button>
          </div>
        ) : (
          <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2">
            <p className="min-w-0">Sign in faster next time: a passkey lets your fingerprint, face or screen lock stand in for your password.</p>
            <div className="flex flex-wrap gap-2">
              <Button variant="primary" onClick={add} aria-disabled={offer.state === 'adding'}>
                {offer.state === 'adding' ? 'Waiting for your device…' : 'Add a passkey'}
              </Button>
              <Button onClick={dismiss}>Not now</Button>
            </div>
          </div>
        )}
      </div>
    </aside>
  );
}
