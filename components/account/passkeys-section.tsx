'use client';

import { useRef, useState } from 'react';
import { sendJson } from '@/lib/client/api';
import { passkeyMessage, passkeysNotSupported } from '@/lib/client/passkey-messages';
import { addPasskey, usePasskeysSupported, type PasskeyView } from '@/lib/client/passkey-registration';
import { passkeysSupported } from '@/lib/client/passkeys';
import { useApiData, useOnArrived } from '@/lib/client/use-api-data';
import { rememberPasskeyOfferSettled } from '@/lib/client/passkey-offer';
import { useAuth } from '@/lib/client/auth-context';
import { ActionMessage, type ActionResult } from '../ui/action-message';
import { Button } from '../ui/button';
import { LoadState } from '../ui/load-state';
import { Panel } from './panel';
import { PasskeyItem } from './passkey-item';

interface PasskeyList {
  passkeys: PasskeyView[];
}

/**
 * Passkeys on /account: the account's passkeys (name, added, last used), rename and remove, and
 * `Add a passkey`, which makes one on this device. Adding and removing need a recent sign-in: the
 * page's re-authentication dialog asks for it, then the action goes on.
 */
export function PasskeysSection({ onChanged, onArrived }: { onChanged: () => void; onArrived: () => void }) {
  const { user } = useAuth();
  const { loaded, reload, update } = useApiData<PasskeyList>('/api/auth/passkeys');
  useOnArrived(loaded, onArrived);
  const [result, setResult] = useState<ActionResult>(null);
  const [adding, setAdding] = useState(false);
  const supported = usePasskeysSupported();
  const headingRef = useRef<HTMLHeadingElement>(null);

  async function add() {
    if (adding) return;
    if (!passkeysSupported()) {
      setResult({ ok: false, text: passkeysNotSupported('registration') });
      return;
    }
    setResult(null);
    setAdding(true);
    try {
      const passkey = await addPasskey();
      update((data) => ({ passkeys: [...data.passkeys, passkey] }));
      if (user) rememberPasskeyOfferSettled(user.id);
      setResult({ ok: true, text: `Passkey added: ${passkey.name}. You can now sign in with it, without your password.` });
      onChanged();
    } catch (error) {
      const text = passkeyMessage(error, 'registration');
      if (text) setResult({ ok: false, text });
    } finally {
      setAdding(false);
    }
  }

  async function rename(passkey: PasskeyView, name: string) {
    const { passkey: renamed } = await sendJson<{ passkey: PasskeyView }>('PATCH', `/api/auth/passkeys/${passkey.id}`, { name });
    update((data) => ({ passkeys: data.passkeys.map((item) => (item.id === renamed.id ? renamed : item)) }));
    setResult({ ok: true, text: `Renamed to ${renamed.name}.` });
  }

  async function remove(passkey: PasskeyView) {
    await sendJson('DELETE', `/api/auth/passkeys/${passkey.id}`);
    update((data) => ({ passkeys: data.passkeys.filter((item) => item.id !== passkey.id) }));
    setResult({ ok: true, text: `${passkey.name} removed: it no longer signs you in.` });
    onChanged();
    // Its buttons are gone with its row; keyboard users resume from the section's heading.
    headingRef.current?.focus();
  }

  return (
    <Panel title="Passkeys" headingRef={headingRef}>
      <p className="mt-1 text-sm text-fg-muted">
        A passkey signs you in with your fingerprint, face, screen lock or security key instead of your password and code. It stays on your
        device (or in your password manager) and works only on this site.
      </p>
      <LoadState loaded={loaded} loading="Loading your passkeys…" onRetry={reload}>
        {({ passkeys }) =>
          passkeys.length === 0 ? (
            <p className="mt-4 text-sm text-fg-muted">No passkeys yet.</p>
          ) : (
            <ul aria-label="Your passkeys" className="mt-2 divide-y divide-line">
              {passkeys.map((passkey) => (
                <PasskeyItem key={passkey.id} passkey={passkey} onRename={rename} onRemove={remove} />
              ))}
            </ul>
          )
        }
      </LoadState>
      <div className="mt-4">
        <Button variant="primary" onClick={add} aria-disabled={adding}>
          {adding ? 'Waiting for your device…' : 'Add a passkey'}
        </Button>
        {supported ? null : <p className="mt-2 text-sm text-fg-muted">{passkeysNotSupported('registration')}</p>}
      </div>
      <ActionMessage result={result} />
    </Panel>
  );
}
