'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { ApiRequestError, type UsedEmailLink } from '@/lib/client/auth-client';
import { authClient, useAuth } from '@/lib/client/auth-context';
import { resendVerificationLink } from '@/lib/client/email-verification';
import { errorMessage } from '@/lib/client/problem-message';
import { useLinkToken } from '@/lib/client/use-link-token';
import { verifyEmailSchema } from '@/lib/validation/auth';
import { Button } from '../ui/button';
import { SendLinkButton } from './send-link-button';
import { VerificationRequestForm } from './verification-request-form';

const tokenSchema = verifyEmailSchema.shape.token;
const LINK_CLASS = 'font-medium text-indigo-700 hover:underline';

/** What became of the link, announced; focus moves here so it is read first. */
function Notice({ tone, children }: { tone: 'success' | 'problem'; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const colours = tone === 'success' ? 'border-green-200 bg-green-50 text-green-900' : 'border-amber-300 bg-amber-50 text-amber-900';
  return (
    <div ref={ref} tabIndex={-1} role={tone === 'success' ? 'status' : 'alert'} className={`space-y-2 rounded-md border px-4 py-3 text-sm focus:outline-none ${colours}`}>
      {children}
    </div>
  );
}

/** A new verification link: by Bearer when signed in, by address when not. */
function NewLink() {
  const { status } = useAuth();
  if (status === 'authenticated') {
    return (
      <div className="mt-4 space-y-2 text-sm text-slate-700">
        <SendLinkButton label="Send a new link" send={resendVerificationLink} />
        <p>To change your address instead, ask again from your account page.</p>
      </div>
    );
  }
  if (status !== 'anonymous') return null;
  return (
    <div className="mt-4 space-y-2">
      <p className="text-sm text-slate-700">Enter your email to get a new verification link.</p>
      <VerificationRequestForm />
    </div>
  );
}

function MissingLink() {
  return (
    <>
      <Notice tone="problem">
        <p className="font-medium">This page needs the link from your verification email.</p>
        <p>Open that link again, or get a new one below.</p>
      </Notice>
      <NewLink />
    </>
  );
}

function UnusableLink() {
  return (
    <>
      <Notice tone="problem">
        <p className="font-medium">This verification link is invalid, expired or already used.</p>
        <p>A link works once, for a limited time, and asking again replaces the earlier ones.</p>
      </Notice>
      <NewLink />
    </>
  );
}

function Verified({ used }: { used: UsedEmailLink }) {
  const { status, user } = useAuth();
  const ownAccount = status === 'authenticated' && user?.id === used.user.id;
  return (
    <Notice tone="success">
      <p className="font-medium">Your email address is verified.</p>
      <p>
        Your account&apos;s address is <strong className="break-all font-medium">{used.user.email}</strong>
        {used.signedIn ? ', and you are signed in.' : '.'}
      </p>
      <p>
        {used.signedIn || ownAccount ? (
          <Link href="/dashboard" className={LINK_CLASS}>
            Continue to your dashboard
          </Link>
        ) : (
          <Link href="/login" className={LINK_CLASS}>
            Log in
          </Link>
        )}
      </p>
    </Notice>
  );
}

type Outcome = { kind: 'pending' } | { kind: 'verified'; used: UsedEmailLink } | { kind: 'unusable' } | { kind: 'taken' } | { kind: 'failed'; message: string };

// One request per link opened, however often React runs the effect (twice in development): a
// second request with the same token would find it used.
const redeemed = new Map<string, Promise<UsedEmailLink>>();

function redeemOnce(key: string, token: string): Promise<UsedEmailLink> {
  let pending = redeemed.get(key);
  if (!pending) {
    pending = authClient().redeemEmailLink(token);
    redeemed.set(key, pending);
  }
  return pending;
}

function outcomeOf(error: unknown): Outcome {
  if (error instanceof ApiRequestError && error.problem.fields?.token !== undefined) return { kind: 'unusable' };
  if (error instanceof ApiRequestError && error.problem.code === 'email_taken') return { kind: 'taken' };
  return { kind: 'failed', message: errorMessage(error) };
}

/** Uses the link as soon as the page has read it; a refusal the server may not repeat (503, network) can be tried again. */
function RedeemLink({ token, read }: { token: string; read: number }) {
  const [attempt, setAttempt] = useState(0);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'pending' });

  useEffect(() => {
    let current = true;
    redeemOnce(`${read}.${attempt}.${token}`, token).then(
      (used) => current && setOutcome({ kind: 'verified', used }),
      (error: unknown) => current && setOutcome(outcomeOf(error)),
    );
    return () => {
      current = false;
    };
  }, [token, read, attempt]);

  const retry = useCallback(() => {
    setOutcome({ kind: 'pending' });
    setAttempt((count) => count + 1);
  }, []);

  switch (outcome.kind) {
    case 'pending':
      return (
        <p role="status" className="text-sm text-slate-500">
          Verifying your email address…
        </p>
      );
    case 'verified':
      return <Verified used={outcome.used} />;
    case 'unusable':
      return <UnusableLink />;
    case 'taken':
      return (
        <Notice tone="problem">
          <p className="font-medium">That address now belongs to another account.</p>
          <p>Your email address was not changed.</p>
        </Notice>
      );
    case 'failed':
      return (
        <Notice tone="problem">
          <p>{outcome.message}</p>
          <Button onClick={retry}>Try again</Button>
        </Notice>
      );
  }
}

/** Reads the emailed link's token from the fragment and uses it: the address is verified, or changed to the one the link went to. */
export function VerifyEmailView() {
  const link = useLinkToken();
  if (link === undefined) {
    return (
      <p role="status" className="text-sm text-slate-500">
        Reading your link…
      </p>
    );
  }
  if (link === null) return <MissingLink />;
  if (!tokenSchema.safeParse(link.token).success) return <UnusableLink />;
  return <RedeemLink key={link.read} token={link.token} read={link.read} />;
}
