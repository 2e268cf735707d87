import { dateClaim, stringClaim, type DecodedJwt } from '@/lib/client/decode-jwt';
import { formatDuration, timeFormat } from './format';

function Json({ title, value }: { title: string; value: unknown }) {
  return (
    <figure className="min-w-0">
      <figcaption className="text-sm font-medium text-fg">{title}</figcaption>
      {/* Wrapped, never scrolled: a long value (an id, a list of methods) stays readable on a phone. */}
      <pre className="mt-1 rounded-md bg-code p-3 text-xs leading-relaxed wrap-anywhere whitespace-pre-wrap text-on-code">{JSON.stringify(value, null, 2)}</pre>
    </figure>
  );
}

function Claim({ term, value, children }: { term: string; value: string; children: string }) {
  return (
    <div>
      <dt className="text-fg-subtle">{term}</dt>
      <dd className="break-all font-mono text-fg">{value}</dd>
      <dd className="text-fg-muted">{children}</dd>
    </div>
  );
}

function when(ms: number | null): string {
  return ms === null ? 'missing' : timeFormat.format(ms);
}

/** What the token says, decoded in the browser: the two readable parts, then the claims that matter here in words. */
export function TokenClaims({ token }: { token: DecodedJwt }) {
  const { header, payload } = token;
  const issuedAt = dateClaim(payload, 'iat');
  const expiresAt = dateClaim(payload, 'exp');
  const lifetime = issuedAt !== null && expiresAt !== null ? `, ${formatDuration((expiresAt - issuedAt) / 1000)} after it was issued` : '';
  return (
    <>
      <div className="mt-4 grid gap-4 md:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <Json title="Header" value={header} />
        <Json title="Payload" value={payload} />
      </div>
      <p className="mt-2 text-sm text-fg-muted">
        The third part, the signature, is left out: it proves the server wrote these claims, and only the server holds the key that
        checks it. Anyone can read a token; nobody can change one unnoticed.
      </p>
      <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-2">
        <Claim term="Session id (sid)" value={stringClaim(payload, 'sid') ?? 'missing'}>
          This login. Your account page marks it This device; ending it there stops its refreshes.
        </Claim>
        <Claim term="User (sub)" value={stringClaim(payload, 'sub') ?? 'missing'}>
          Who the token speaks for: your user id.
        </Claim>
        <Claim term="Role (role)" value={stringClaim(payload, 'role') ?? 'missing'}>
          What the pages offer you. Read fresh from the database at every refresh.
        </Claim>
        <Claim term="Issued at (iat) and expires at (exp)" value={`${when(issuedAt)} → ${when(expiresAt)}`}>
          {`Refused from then on${lifetime}.`}
        </Claim>
      </dl>
    </>
  );
}
