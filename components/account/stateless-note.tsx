'use client';

import { dateClaim } from '@/lib/client/decode-jwt';
import { useDecodedToken } from '@/lib/client/use-decoded-token';
import { formatDuration } from './format';

/** Why an ended session's device is not signed out on the spot. The lifetime is read from this page's own token. */
export function StatelessNote() {
  const token = useDecodedToken();
  const issuedAt = token && dateClaim(token.payload, 'iat');
  const expiresAt = token && dateClaim(token.payload, 'exp');
  const lifetime = issuedAt !== null && expiresAt !== null ? `at most ${formatDuration((expiresAt - issuedAt) / 1000)}` : 'a few minutes at most';
  return (
    <p className="mt-4 text-sm text-fg-muted">
      Ending a session stops its refreshes at once, but an access token it already holds cannot be recalled: tokens are
      stateless by design and each one works until it expires ({lifetime}).
    </p>
  );
}
