'use client';

import { useState } from 'react';
import type { ActionResult } from '@/components/ui/action-message';
import { errorMessage } from './problem-message';

/**
 * An action taken in place by a button: `run` takes a function that resolves to the success text
 * (or throws), and shows either in `<ActionMessage result={result} />`. A press while one is
 * running is ignored, because the button stays focusable (aria-disabled rather than disabled,
 * which would drop keyboard focus).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ActionResult>(null);

  async function run(action: () => Promise<string>) {
    if (busy) return;
    setBusy(true);
    setResult(null);
    try {
      setResult({ ok: true, text: await action() });
    } catch (caught) {
      setResult({ ok: false, text: errorMessage(caught) });
    } finally {
      setBusy(false);
    }
  }

  return { busy, result, run, setResult };
}
