import Link from 'next/link';
import { buttonClassName } from '@/components/ui/button';
import { ACCOUNT_DELETED_PARAM } from '@/lib/client/account-deleted';

const POINTS = [
  ['Short-lived access tokens', 'Signed JWTs (HS256, or EdDSA with published keys) that expire in minutes and live only in the page’s memory, never in storage or a readable cookie.'],
  ['Rotating refresh tokens', 'An HttpOnly, SameSite=Strict cookie that changes on every use. Presenting an old one ends the whole session.'],
  ['Checked at the edge, and again', 'Middleware verifies every protected API call before it reaches the app, and each handler verifies again before touching data.'],
] as const;

export default async function Home({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Where a browser lands after deleting its account.
  const deleted = (await searchParams)[ACCOUNT_DELETED_PARAM] === '1';
  return (
    <main className="mx-auto max-w-4xl px-6 py-16">
      {deleted ? (
        <p role="status" className="mb-8 rounded-md border border-success-line bg-success-soft px-4 py-3 text-sm text-success">
          Your account has been deleted, and every device signed out. You can sign up again with the same email address at any time.
        </p>
      ) : null}
      <h1 className="text-4xl">Authentication done right for Next.js</h1>
      <p className="mt-4 max-w-2xl text-lg text-fg-muted">
        Sign up, log in and stay signed in across reloads and tabs, with sessions the server can end at any time.
      </p>
      <div className="mt-8 flex gap-3">
        <Link href="/register" className={buttonClassName('primary', 'regular')}>
          Sign up
        </Link>
        <Link href="/login" className={buttonClassName('secondary', 'regular')}>
          Log in
        </Link>
      </div>
      <ul className="mt-14 grid gap-6 sm:grid-cols-3">
        {POINTS.map(([title, text]) => (
          <li key={title} className="rounded-xl border border-line bg-surface p-5 shadow-sm">
            <h2>{title}</h2>
            <p className="mt-2 text-sm text-fg-muted">{text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
