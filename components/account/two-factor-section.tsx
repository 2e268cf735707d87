'use client';

import Image from 'next/image';
import { useState } from 'react';
import * as z from '@/lib/validation/zod';
import { sendJson } from '@/lib/client/api';
import { authClient, useAuth } from '@/lib/client/auth-context';
import { errorMessage } from '@/lib/client/problem-message';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import { totpCodeSchema } from '@/lib/validation/mfa';
import { ActionMessage, type ActionResult } from '../ui/action-message';
import { Button } from '../ui/button';
import { ConfirmButton } from '../ui/confirm-button';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TextField } from '../ui/text-field';
import { Panel } from './panel';
import { RecoveryCodes } from './recovery-codes';

interface Setup {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

const confirmSchema = z.object({ code: totpCodeSchema });

/** Scan (or type) the key, then prove the app has it with a current code. */
function SetupForm({ setup, onEnabled, onCancel }: { setup: Setup; onEnabled: (codes: string[]) => void; onCancel: () => void }) {
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(
    confirmSchema,
    async ({ code }) => {
      const { recoveryCodes } = await sendJson<{ recoveryCodes: string[] }>('POST', '/api/auth/mfa/totp/enable', { code });
      onEnabled(recoveryCodes);
    },
    { afterSuccess: 'stay-busy' },
  );
  return (
    <div className="mt-4 space-y-4">
      <ol className="list-decimal space-y-1 pl-5 text-sm text-fg-muted">
        <li>Scan the QR code with your authenticator app, or type the setup key into it.</li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <Image src={setup.qrCode} alt="QR code for your authenticator app" width={192} height={192} unoptimized className="rounded border border-line bg-qr-field p-2" />
      <TextField label="Setup key" name="setupKey" value={setup.secret} readOnly spellCheck={false} className="max-w-md" />
      <form method="post" onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} className="max-w-md space-y-2">
        <FormAlert message={alert} />
        <TextField label="Code" name="code" autoComplete="one-time-code" inputMode="numeric" required error={fields.code} />
        <SubmitButton busy={busy} busyLabel="Confirming…">
          Confirm
        </SubmitButton>
      </form>
      <Button onClick={onCancel}>Cancel</Button>
    </div>
  );
}

/**
 * Two-factor authentication on /account: turn it on (QR code, setup key, a first code), see the
 * recovery codes once, make new ones, turn it off. Each of these needs a recent sign-in; the
 * page's re-authentication dialog asks for it when the server says so.
 */
export function TwoFactorSection({ onChanged }: { onChanged: () => void }) {
  const { user } = useAuth();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [starting, setStarting] = useState(false);
  const [result, setResult] = useState<ActionResult>(null);
  if (!user) return null;

  async function start() {
    setStarting(true);
    setResult(null);
    try {
      setSetup(await sendJson<Setup>('POST', '/api/auth/mfa/totp/setup'));
    } catch (error) {
      setResult({ ok: false, text: errorMessage(error) });
    } finally {
      setStarting(false);
    }
  }

  async function enabled(recoveryCodes: string[]) {
    setSetup(null);
    setCodes(recoveryCodes);
    setResult({ ok: true, text: 'Two-factor authentication is on.' });
    onChanged();
    await authClient().reloadUser();
  }

  async function regenerate() {
    setResult(null);
    try {
      const { recoveryCodes } = await sendJson<{ recoveryCodes: string[] }>('POST', '/api/auth/mfa/recovery-codes');
      setCodes(recoveryCodes);
      setResult({ ok: true, text: 'New recovery codes made; the old ones no longer work.' });
      onChanged();
    } catch (error) {
      setResult({ ok: false, text: errorMessage(error) });
    }
  }

  async function turnOff() {
    await sendJson('POST', '/api/auth/mfa/totp/disable');
    setCodes(null);
    setResult({ ok: true, text: 'Two-factor authentication is off.' });
    onChanged();
    await authClient().reloadUser();
  }

  return (
    <Panel title="Two-factor authentication">
      <p className="mt-1 text-sm text-fg-muted">
        {user.mfaEnabled
          ? 'On: signing in takes your password and a code from your authenticator app (or a recovery code).'
          : 'Off: your password alone signs you in. Add a code from an authenticator app to every sign-in.'}
      </p>
      {codes ? <RecoveryCodes codes={codes} onDone={() => setCodes(null)} /> : null}
      {setup ? (
        <SetupForm setup={setup} onEnabled={enabled} onCancel={() => setSetup(null)} />
      ) : user.mfaEnabled ? (
        <div className="mt-4 flex flex-wrap items-start gap-3">
          <Button onClick={regenerate}>Generate new recovery codes</Button>
          <ConfirmButton question="Turn off two-factor authentication?" confirmLabel="Yes, turn it off" busyLabel="Turning off…" onConfirm={turnOff}>
            Turn off two-factor authentication
          </ConfirmButton>
        </div>
      ) : (
        <div className="mt-4">
          <Button variant="primary" onClick={start} disabled={starting}>
            {starting ? 'Starting…' : 'Turn on two-factor authentication'}
          </Button>
        </div>
      )}
      <ActionMessage result={result} />
    </Panel>
  );
}
