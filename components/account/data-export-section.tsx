'use client';

import { ApiRequestError, problemOf } from '@/lib/client/auth-client';
import { authClient } from '@/lib/client/auth-context';
import { useAction } from '@/lib/client/use-action';
import { ActionMessage } from '../ui/action-message';
import { Button } from '../ui/button';
import { Panel } from './panel';

/** The file name the server gave (`Content-Disposition`), or a plain one. */
function fileName(response: Response): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? 'account.json';
}

/**
 * Downloads everything the app holds about the person as JSON. Fetched with the access token (a
 * plain link could not send it), then saved from a Blob, as the recovery codes are.
 */
export function DataExportSection() {
  const { busy, result, run } = useAction();

  async function download(): Promise<string> {
    const response = await authClient().fetch('/api/auth/account/export');
    if (!response.ok) throw new ApiRequestError(await problemOf(response));
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName(response);
    link.click();
    URL.revokeObjectURL(url);
    return 'Downloaded.';
  }

  return (
    <Panel title="Your data">
      <p className="mt-1 text-sm text-fg-muted">
        One JSON file with everything this app holds about you: your profile, signed-in devices, passkeys (their names and dates, no
        keys), projects with their tasks, and your security activity. Nothing secret is in it: no password, codes or tokens.
      </p>
      <div className="mt-4">
        <Button onClick={() => run(download)} aria-disabled={busy}>
          {busy ? 'Preparing…' : 'Download my data'}
        </Button>
        <ActionMessage result={result} />
      </div>
    </Panel>
  );
}
