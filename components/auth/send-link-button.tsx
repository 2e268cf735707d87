'use client';

import { useAction } from '@/lib/client/use-action';
import { DevOutboxHint } from '../dev/outbox-hint';
import { ActionMessage } from '../ui/action-message';
import { Button } from '../ui/button';

/** A button that asks for a mailed link and says what the server answered, or why it could not. */
export function SendLinkButton({ label, send, variant = 'secondary' }: { label: string; send: () => Promise<string>; variant?: 'primary' | 'secondary' }) {
  const { busy, result, run } = useAction();

  return (
    <div>
      <Button variant={variant} onClick={() => run(send)} disabled={busy} aria-disabled={busy}>
        {busy ? 'Sending…' : label}
      </Button>
      <ActionMessage result={result} />
      {result?.ok && <DevOutboxHint />}
    </div>
  );
}
