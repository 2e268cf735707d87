'use client';

import { useState } from 'react';
import { errorMessage } from '@/lib/client/problem-message';
import { ActionMessage, type ActionResult } from '../ui/action-message';
import { Button } from '../ui/button';

/** A button that asks for a mailed link and says what the server answered, or why it could not. */
export function SendLinkButton({ label, send, variant = 'secondary' }: { label: string; send: () => Promise<string>; variant?: 'primary' | 'secondary' }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult>(null);

  async function click() {
    setBusy(true);
    setResult(null);
    try {
      setResult({ ok: true, text: await send() });
    } catch (error) {
      setResult({ ok: false, text: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div>
      <Button variant={variant} onClick={click} disabled={busy} aria-disabled={busy}>
        {busy ? 'Sending…' : label}
      </Button>
      <ActionMessage result={result} />
    </div>
  );
}
