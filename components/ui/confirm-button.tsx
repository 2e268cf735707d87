'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '@/lib/client/problem-message';
import { useFocusReturn } from '@/lib/client/use-focus-return';
import { Button } from './button';

interface ConfirmButtonProps {
  /** The first button's content; a screen-reader-only part may name what it acts on. */
  children: ReactNode;
  question: string;
  confirmLabel: string;
  busyLabel: string;
  /** On success the caller removes or leaves this UI, so it stays busy rather than flash back. */
  onConfirm: () => Promise<unknown>;
}

/**
 * A destructive action that asks first. Focus goes to `Cancel` when the question appears, so a
 * stray Enter cannot confirm, and back to the first button when the question is dismissed.
 */
export function ConfirmButton({ children, question, confirmLabel, busyLabel, onConfirm }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const questionId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useFocusReturn<HTMLButtonElement>(asking);

  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
    } catch (caught) {
      setError(errorMessage(caught));
      setBusy(false);
    }
  }

  if (!asking) {
    return (
      <Button ref={triggerRef} variant="danger-outline" onClick={() => setAsking(true)}>
        {children}
      </Button>
    );
  }
  return (
    <div role="group" aria-labelledby={questionId} className="flex flex-wrap items-center gap-2 text-sm">
      <span id={questionId} className="text-fg">
        {question}
      </span>
      <Button variant="danger" onClick={confirm} disabled={busy}>
        {busy ? busyLabel : confirmLabel}
      </Button>
      <Button ref={cancelRef} onClick={() => setAsking(false)} disabled={busy}>
        Cancel
      </Button>
      {error ? (
        <p role="alert" className="basis-full text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}
