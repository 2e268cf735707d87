import Link from 'next/link';
import { buttonClassName } from '@/components/ui/button';

const POINTS = [
  ['Short-lived access tokens', 'Signed JWTs (HS256, or EdDSA with published keys) that expire in minutes and live only in the page’s memory, never in storage or a readable cookie.'],
  ['Rotating refresh tokens', 'An HttpOnly, SameSite=Strict cookie that changes on every use. Presenting an old one ends the whole session.'],
  ['Checked at the edge, and again', 'Middleware verifies every protected API call before it reaches the app, and each handler verifies again before touching data.'],
] as const;

export default function Home() {
  return (
    <main className="mx-auto max-w-4xl px-6 py-16">
      <h1 className="text-4xl font-semibold tracking-tight text-slate-900">Authentication done right for Next.js</h1>
      <p className="mt-4 max-w-2xl text-lg text-slate-600">
        Sign up, log in and stay signed in across reloads and tabs, with sessions the server can end at any time.
      </p>
      <div className="mt-8 flex gap-3">
        <Link href="/register" className={buttonClassName('primary', 'large')}>
          Sign up
        </Link>
        <Link href="/login" className={buttonClassName('secondary', 'large')}>
          Log in
        </Link>
      </div>
      <ul className="mt-14 grid gap-6 sm:grid-cols-3">
        {POINTS.map(([title, text]) => (
          <li key={title} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
            <h2 className="font-medium text-slate-900">{title}</h2>
            <p className="mt-2 text-sm text-slate-600">{text}</p>
          </li>
        ))}
      </ul>
    </main>
  );
}
