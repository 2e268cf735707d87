'use client';

import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { EMAIL_LINK_TTL_HOURS } from '@/lib/auth/link-lifetimes';
import type { DeadLinkState } from '@/lib/auth/link-state';
import { ApiRequestError, type UsedEmailLink } from '@/lib/client/auth-client';
import { authClient, useAuth } from '@/lib/client/auth-context';
import { resendVerificationLink } from '@/lib/client/email-verification';
import { errorMessage } from '@/lib/client/problem-message';
import { useLinkToken } from '@/lib/client/use-link-token';
import { verifyEmailSchema } from '@/lib/validation/auth';
import { Button } from '../ui/button';
import { TEXT_LINK_CLASS } from '../ui/text-link';
import { LinkNotice } from './link-notice';
import { LinkStatePage, type PageHeading } from './link-state-page';
import { SendLinkButton } from './send-link-button';
import { VerificationRequestForm } from './verification-request-form';

const tokenSchema = verifyEmailSchema.shape.token;
const HEADING: PageHeading = { title: 'Verify your email', intro: 'The link from our email proves the address is yours.' };

/** The signed-in viewer's address is verified already: nothing is left to ask for. */
function AlreadyVerified({ email }: { email: string }) {
  return (
    <div className="mt-4 space-y-2 text-sm text-fg-muted">
      <p>
        Your email address, <strong className="break-all font-medium">{email}</strong>, is verified.
      </p>
      <p>
        <Link href="/dashboard" className={TEXT_LINK_CLASS}>
          Continue to your dashboard
        </Link>
      </p>
      <p>
        To change your address, ask again from{' '}
        <Link href="/account" className={TEXT_LINK_CLASS}>
          your account page
        </Link>
        .
      </p>
    </div>
  );
}

/**
 * The way on from a link that did not verify: a new link, by Bearer when signed in, by address
 * when not; `Log in` too for someone signed out whose address a newer link may have verified.
 */
function NewLink({ offerLogIn = false }: { offerLogIn?: boolean }) {
  const { status, user } = useAuth();
  if (status === 'authenticated' && user?.emailVerified) return <AlreadyVerified email={user.email} />;
  if (status === 'authenticated') {
    return (
      <div className="mt-4 space-y-2 text-sm text-fg-muted">
        <SendLinkButton label="Send a new link" send={resendVerificationLink} />
        <p>To change your address instead, ask again from your account page.</p>
      </div>
    );
  }
  if (status !== 'anonymous') return null;
  return (
    <div className="mt-4 space-y-2">
      {offerLogIn && (
        <p className="text-sm text-fg-muted">
          Already verified?{' '}
          <Link href="/login" className={TEXT_LINK_CLASS}>
            Log in
          </Link>
        </p>
      )}
      <p className="text-sm text-fg-muted">Enter your email to get a new verification link.</p>
      <VerificationRequestForm />
    </div>
  );
}

function MissingLink() {
  return (
    <LinkStatePage own={HEADING}>
      <LinkNotice tone="problem" announce={false}>
        <p className="font-medium">This page needs the link from your verification email.</p>
        <p>Open that link again, or get a new one below.</p>
      </LinkNotice>
      <NewLink />
    </LinkStatePage>
  );
}

/** What the server said of a refused link (`reason` on its 400), in the page's words. */
const DEAD_LINKS: Record<DeadLinkState, { title: string; headline: string; why: string; offerLogIn: boolean }> = {
  used: {
    title: 'Link already used',
    headline: 'This verification link has already been used.',
    why: 'A link works once: if you opened it before, your address was verified then.',
    offerLogIn: true,
  },
  expired: {
    title: 'Link expired',
    headline: 'This verification link has expired.',
    why: `A link works for ${EMAIL_LINK_TTL_HOURS} hours. Ask for a new one: it replaces the earlier ones.`,
    offerLogIn: false,
  },
  invalid: {
    title: 'Link not valid',
    headline: 'This verification link is not valid.',
    why: 'Only the newest link works, and verifying or changing your address retires the others. Open the newest email, or ask for a new link.',
    offerLogIn: true,
  },
};

// A refusal whose reason the page does not know (a server without `reason`) reads as `invalid`,
// whose way forward fits every dead link.
const deadLinkOf = (reason: string | undefined): DeadLinkState => (reason === 'used' || reason === 'expired' ? reason : 'invalid');

function DeadLink({ state, announce }: { state: DeadLinkState; announce: boolean }) {
  const { title, headline, why, offerLogIn } = DEAD_LINKS[state];
  return (
    <LinkStatePage own={HEADING} title={title}>
      <LinkNotice tone="problem" announce={announce}>
        <p className="font-medium">{headline}</p>
        <p>{why}</p>
      </LinkNotice>
      <NewLink offerLogIn={offerLogIn} />
    </LinkStatePage>
  );
}

/**
 * A verified link. The browser may be signed in to another account (the link was opened where
 * someone else is signed in): the link then verifies without signing in, and the page says whose
 * session stays, since `Log in` would only lead back to that account's dashboard.
 */
function Verified({ used }: { used: UsedEmailLink }) {
  const { status, user } = useAuth();
  const signedIn = status === 'authenticated' ? user : null;
  const otherAccount = !used.signedIn && signedIn && signedIn.id !== used.user.id ? signedIn : null;
  return (
    <LinkStatePage own={HEADING} title="Email address verified">
      <LinkNotice tone="success" announce>
        <p className="font-medium">Your email address is verified.</p>
        <p>
          Your account&apos;s address is <strong className="break-all font-medium">{used.user.email}</strong>
          {used.signedIn ? ', and you are signed in.' : '.'}
        </p>
        {otherAccount ? (
          <>
            <p>
              This browser stays signed in as <strong className="break-all font-medium">{otherAccount.email}</strong>. To use the account you verified, log
              out, then log in with its address.
            </p>
            <p>
              <Link href="/dashboard" className={TEXT_LINK_CLASS}>
                Continue as {otherAccount.email}
              </Link>
            </p>
          </>
        ) : (
          <p>
            {used.signedIn || signedIn ? (
              <Link href="/dashboard" className={TEXT_LINK_CLASS}>
                Continue to your dashboard
              </Link>
            ) : (
              <Link href="/login" className={TEXT_LINK_CLASS}>
                Log in
              </Link>
            )}
          </p>
        )}
      </LinkNotice>
    </LinkStatePage>
  );
}

type Outcome =
  | { kind: 'pending' }
  | { kind: 'verified'; used: UsedEmailLink }
  | { kind: 'dead'; state: DeadLinkState }
  | { kind: 'taken' }
  | { kind: 'failed'; message: string };

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
  if (error instanceof ApiRequestError && error.problem.fields?.token !== undefined) return { kind: 'dead', state: deadLinkOf(error.problem.reason) };
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
        <LinkStatePage own={HEADING}>
          <p role="status" className="text-sm text-fg-subtle">
            Verifying your email address…
          </p>
        </LinkStatePage>
      );
    case 'verified':
      return <Verified used={outcome.used} />;
    case 'dead':
      return <DeadLink state={outcome.state} announce />;
    case 'taken':
      return (
        <LinkStatePage own={HEADING} title="Address not changed">
          <LinkNotice tone="problem" announce>
            <p className="font-medium">That address now belongs to another account.</p>
            <p>Your email address was not changed.</p>
          </LinkNotice>
        </LinkStatePage>
      );
    case 'failed':
      return (
        <LinkStatePage own={HEADING}>
          <LinkNotice tone="problem" announce>
            <p>{outcome.message}</p>
            <Button onClick={retry}>Try again</Button>
          </LinkNotice>
        </LinkStatePage>
      );
  }
}

/** Reads the emailed link's token from the fragment and uses it: the address is verified, or changed to the one the link went to. */
export function VerifyEmailView() {
  const link = useLinkToken();
  if (link === undefined) {
    return (
      <LinkStatePage own={HEADING}>
        <p role="status" className="text-sm text-fg-subtle">
          Reading your link…
        </p>
      </LinkStatePage>
    );
  }
  if (link === null) return <MissingLink />;
  if (!tokenSchema.safeParse(link.token).success) return <DeadLink state="invalid" announce={false} />;
  return <RedeemLink key={link.read} token={link.token} read={link.read} />;
}
