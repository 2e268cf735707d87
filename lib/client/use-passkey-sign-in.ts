'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiRequestError } from './auth-client';
import { cancelPasskeyRequest, passkeyAutofillSupported, passkeysSupported, signInWithPasskey } from './passkeys';

// The words for what went wrong load with the first thing that did: most sign-ins never need them.
const describe = (error: unknown) => import('./passkey-messages').then((module) => module.passkeyMessage(error, 'sign-in'));
const notSupported = () => import('./passkey-messages').then((module) => module.passkeysNotSupported('sign-in'));

/**
 * Passkey sign-in on /login. From page load, where the browser can, a waiting request lets the
 * Email field suggest this site's passkeys (conditional UI); picking one signs in. `signIn` asks in
 * the browser's own dialog instead, which takes over from the waiting request. Once signed in,
 * the login form moves on to `next` as after a password. `listenAgain` starts the waiting request
 * anew: after the person tried their password (which cancels it) and it failed.
 */
// A person picks a passkey by hand each time; a browser (or test harness) that picks on its own
// must not turn a refused passkey into a loop of requests.
const MAX_AUTOFILL_RETRIES = 3;

export function usePasskeySignIn() {
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Bumped to start the waiting request again.
  const [listening, setListening] = useState(0);
  const retries = useRef(0);

  useEffect(() => {
    let active = true;
    void (async () => {
      if (!(await passkeyAutofillSupported()) || !active) return;
      try {
        await signInWithPasskey({ autofill: true });
      } catch (error) {
        // Only the server's refusal of a passkey the person picked is worth saying; the browser's
        // own errors here come without anyone having asked for anything.
        if (!active || !(error instanceof ApiRequestError)) return;
        const message = await describe(error);
        if (!active) return;
        setAlert(message);
        // A refused passkey (removed from the account, a request that waited too long): the
        // suggestions come back with a new challenge. Anything else (a limit, an outage) ends them.
        if (error.problem.status === 401 && retries.current < MAX_AUTOFILL_RETRIES) {
          retries.current++;
          setListening((count) => count + 1);
        }
      }
    })();
    return () => {
      active = false;
      cancelPasskeyRequest();
    };
  }, [listening]);

  const signIn = useCallback(async () => {
    if (busy) return;
    if (!passkeysSupported()) {
      setAlert(await notSupported());
      return;
    }
    setAlert(null);
    setBusy(true);
    try {
      await signInWithPasskey();
    } catch (error) {
      setBusy(false);
      setListening((count) => count + 1);
      setAlert(await describe(error));
    }
  }, [busy]);

  return {
    alert,
    busy,
    signIn,
    clear: useCallback(() => setAlert(null), []),
    listenAgain: useCallback(() => setListening((count) => count + 1), []),
  };
}
