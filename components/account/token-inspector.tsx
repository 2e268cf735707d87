'use client';

import Link from 'next/link';
import { dateClaim } from '@/lib/client/decode-jwt';
import { useDecodedToken } from '@/lib/client/use-decoded-token';
import { TEXT_LINK_CLASS } from '../ui/text-link';
import { ExpiryCountdown } from './expiry-countdown';
import { Panel } from './panel';
import { RefreshLog } from './refresh-log';
import { RefreshTokenNote } from './refresh-token-note';
import { TokenActions } from './token-actions';
import { TokenClaims } from './token-claims';

function AccessToken() {
  const token = useDecodedToken();
  if (!token) return <p className="mt-4 text-sm text-fg-muted">This tab holds no access token right now.</p>;
  const expiresAt = dateClaim(token.payload, 'exp');
  return (
    <>
      {expiresAt === null ? null : <ExpiryCountdown key={expiresAt} expiresAt={expiresAt} />}
      <TokenClaims token={token} />
    </>
  );
}

/** Teaches the token design on the user's own tokens: read, never stored, never the refresh token. */
export function TokenInspector() {
  return (
    <main className="mx-auto max-w-4xl px-6 py-10">
      <Link href="/account" className={`text-sm ${TEXT_LINK_CLASS}`}>
        ← Your account
      </Link>
      <h1 className="mt-2">Token inspector</h1>
      <p className="mt-1 text-fg-muted">
        What this tab holds right now, decoded here in your browser. The access token lives only in this page&apos;s memory; this
        page reads it and keeps no copy.
      </p>
      <Panel title="Access token">
        <AccessToken />
        <TokenActions />
      </Panel>
      <Panel title="Refreshes in this tab">
        <RefreshLog />
      </Panel>
      <Panel title="Where is the refresh token?">
        <RefreshTokenNote />
      </Panel>
    </main>
  );
}
