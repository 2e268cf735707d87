'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { RESET_LINK_TTL_MINUTES } from '@/lib/auth/link-lifetimes';
import type { DeadLinkState, LinkState } from '@/lib/auth/link-state';
import { ApiRequestError } from '@/lib/client/auth-client';
import { authClient, useAuth } from '@/lib/client/auth-context';
import { checkResetLink, resetPassword } from '@/lib/client/password-reset';
import { useLinkToken } from '@/lib/client/use-link-token';
import { useSchemaForm } from '@/lib/client/use-schema-form';
import { resetPasswordSchema } from '@/lib/validation/auth';
import * as z from '@/lib/validation/zod';
import { FormAlert } from '../ui/form-alert';
import { SubmitButton } from '../ui/submit-button';
import { TEXT_LINK_CLASS } from '../ui/text-link';
import { LinkNotice } from './link-notice';
import { LinkStatePage, type PageHeading } from './link-state-page';
import { NewPasswordField } from './new-password-field';

// The token comes from the address, not the form; each part is checked by the route's own schema.
const tokenSchema = resetPasswordSchema.shape.token;
const passwordSchema = z.pick(resetPasswordSchema, { password: true });

const HEADING: PageHeading = {
  title: 'Choose a new password',
  intro: 'Pick one you do not use anywhere else. Setting it signs you out on every device.',
};

function MissingLink() {
  return (
    <LinkStatePage own={HEADING} title="Reset your password">
      <LinkNotice tone="problem" announce={false}>
        <p className="font-medium">This page needs the link from your password-reset email.</p>
        <p>
          Open that link again, or{' '}
          <Link href="/forgot-password" className={TEXT_LINK_CLASS}>
            ask for a reset link
          </Link>
          .
        </p>
      </LinkNotice>
    </LinkStatePage>
  );
}

/** The reset's own refusal: the link died between the check and the submit. */
function UnusableLink() {
  return (
    <LinkStatePage own={HEADING} title="Link no longer works">
      <LinkNotice tone="problem" announce>
        <p className="font-medium">This reset link is invalid, expired or already used.</p>
        <p>A link works once, for a limited time, and asking again replaces the earlier ones.</p>
        <p>
          <Link href="/forgot-password" className={TEXT_LINK_CLASS}>
            Ask for a new link
          </Link>
        </p>
      </LinkNotice>
    </LinkStatePage>
  );
}

const askAgain = (
  <Link href="/forgot-password" className={TEXT_LINK_CLASS}>
    Ask for a new link
  </Link>
);

/**
 * A used link, said to whoever opens it: someone signed in (after the reset, or never signed out
 * of another account) goes on to the dashboard rather than being asked to log in.
 */
function UsedLink({ announce }: { announce: boolean }) {
  const { status } = useAuth();
  const signedIn = status === 'authenticated';
  return (
    <LinkNotice tone="problem" announce={announce}>
      <p className="font-medium">This reset link has already been used.</p>
      <p>
        {signedIn
          ? 'A link works once. You are signed in, so nothing is left to do with it; ask for a new link only to reset the password again.'
          : 'A link works once. If you set a new password with it, log in with that password; otherwise ask for a new link.'}
      </p>
      <p className="flex flex-wrap gap-x-4">
        {signedIn && (
          <Link href="/dashboard" className={TEXT_LINK_CLASS}>
            Continue to your dashboard
          </Link>
        )}
        {/* Not while the session is still being restored: `Log in` would flash before the dashboard. */}
        {!signedIn && status !== 'loading' && (
          <Link href="/login" className={TEXT_LINK_CLASS}>
            Log in
          </Link>
        )}
        {askAgain}
      </p>
    </LinkNotice>
  );
}

/** What the page learnt of a link before offering the form: which one it is, and the way forward. */
function DeadLink({ state, announce }: { state: DeadLinkState; announce: boolean }) {
  switch (state) {
    case 'used':
      return (
        <LinkStatePage own={HEADING} title="Link already used">
          <UsedLink announce={announce} />
        </LinkStatePage>
      );
    case 'expired':
      return (
        <LinkStatePage own={HEADING} title="Link expired">
          <LinkNotice tone="problem" announce={announce}>
            <p className="font-medium">This reset link has expired.</p>
            <p>A link works for {RESET_LINK_TTL_MINUTES} minutes. Your password has not changed.</p>
            <p>{askAgain}</p>
          </LinkNotice>
        </LinkStatePage>
      );
    case 'invalid':
      return (
        <LinkStatePage own={HEADING} title="Link not valid">
          <LinkNotice tone="problem" announce={announce}>
            <p className="font-medium">This reset link is not valid.</p>
            <p>Only the newest link you asked for works, and a password change retires the links sent before it. Open the newest email, or ask again.</p>
            <p>{askAgain}</p>
          </LinkNotice>
        </LinkStatePage>
      );
  }
}

function PasswordChanged() {
  return (
    <LinkStatePage own={HEADING} title="Password changed">
      <LinkNotice tone="success" announce>
        <p className="font-medium">Your password has been changed.</p>
        <p>Every device that was signed in to your account has been signed out.</p>
        <p>
          <Link href="/login" className={TEXT_LINK_CLASS}>
            Log in with your new password
          </Link>
        </p>
      </LinkNotice>
    </LinkStatePage>
  );
}

/** A refused link is not a mistake in the form: it gets its own message, with the way to a new one. */
const isUnusableLink = (error: unknown) => error instanceof ApiRequestError && error.problem.fields?.token !== undefined;

function NewPasswordForm({ token }: { token: string }) {
  const [outcome, setOutcome] = useState<'changed' | 'unusable' | null>(null);
  const [password, setPassword] = useState('');
  const { fields, alert, busy, onSubmit, clearOnEdit } = useSchemaForm(
    passwordSchema,
    async (values) => {
      try {
        await resetPassword(token, values.password);
      } catch (error) {
        if (!isUnusableLink(error)) throw error;
        setOutcome('unusable');
        return;
      }
      // The server has ended every session. A tab still holding one (signed in before the reset)
      // lets go of it too, and tells its sibling tabs, rather than look signed in until it expires.
      const client = authClient();
      if (client.current) await client.logout().catch(() => undefined);
      setOutcome('changed');
    },
    { afterSuccess: 'stay-busy' },
  );

  if (outcome === 'changed') return <PasswordChanged />;
  if (outcome === 'unusable') return <UnusableLink />;
  return (
    <LinkStatePage own={HEADING}>
      <form method="post" onSubmit={onSubmit} onInput={clearOnEdit} noValidate aria-busy={busy} className="space-y-2">
        <FormAlert message={alert} />
        <NewPasswordField label="New password" name="password" value={password} onValueChange={setPassword} error={fields.password} />
        <SubmitButton busy={busy} busyLabel="Saving…">
          Set new password
        </SubmitButton>
      </form>
    </LinkStatePage>
  );
}

/**
 * Asks once what became of the link, so a dead one is said at once rather than after a new
 * password has been typed twice. A check that fails (network, 503, 429) shows the form anyway:
 * the reset itself gets the server's verdict.
 */
function CheckedLink({ token }: { token: string }) {
  const [state, setState] = useState<LinkState | 'checking'>('checking');
  useEffect(() => {
    let current = true;
    checkResetLink(token).then(
      (answer) => current && setState(answer),
      () => current && setState('valid'),
    );
    return () => {
      current = false;
    };
  }, [token]);

  if (state === 'checking') {
    return (
      <LinkStatePage own={HEADING}>
        <p role="status" className="text-sm text-fg-subtle">
          Checking your link…
        </p>
      </LinkStatePage>
    );
  }
  if (state !== 'valid') return <DeadLink state={state} announce />;
  return <NewPasswordForm token={token} />;
}

/** Sets a new password with the token from the emailed link. It does not sign anyone in. */
export function ResetPasswordForm() {
  const link = useLinkToken();
  if (link === undefined) {
    return (
      <LinkStatePage own={HEADING}>
        <p role="status" className="text-sm text-fg-subtle">
          Checking your link…
        </p>
      </LinkStatePage>
    );
  }
  if (link === null) return <MissingLink />;
  if (!tokenSchema.safeParse(link.token).success) return <DeadLink state="invalid" announce={false} />;
  // A link opened again in this tab starts afresh, even the one just used.
  return <CheckedLink key={link.read} token={link.token} />;
}
