'use client';

import { useState } from 'react';
import { ActionMessage, type ActionResult } from '../ui/action-message';
import { Button } from '../ui/button';

/**
 * Recovery codes, shown this once: to copy or download before the person moves on. The download is
 * made in the browser (a Blob), so the codes never travel again.
 */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const [result, setResult] = useState<ActionResult>(null);
  const text = `${codes.join('\n')}\n`;

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setResult({ ok: true, text: 'Copied to the clipboard.' });
    } catch {
      setResult({ ok: false, text: 'Copying is not allowed here: select the codes, or download them.' });
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
    setResult({ ok: true, text: 'Downloaded recovery-codes.txt.' });
  }

  return (
    <div className="mt-4 rounded-lg border border-warning-line bg-warning-soft p-4">
      <h3 className="text-warning">Your recovery codes</h3>
      <p className="mt-1 text-sm text-warning">
        Keep these somewhere safe. Each signs you in once if you lose your authenticator. They are shown only now.
      </p>
      <ul aria-label="Recovery codes" className="mt-3 grid grid-cols-1 gap-1 font-mono text-sm text-fg sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="mt-3 flex flex-wrap gap-2">
        <Button onClick={copy}>Copy codes</Button>
        <Button onClick={download}>Download codes</Button>
        <Button variant="primary" onClick={onDone}>
          I saved them
        </Button>
      </div>
      <ActionMessage result={result} />
    </div>
  );
}
