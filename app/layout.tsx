import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { FocusOnNavigation } from '@/components/layout/focus-on-navigation';
import { SiteFooter } from '@/components/layout/site-footer';
import { SiteHeader } from '@/components/layout/site-header';
import { AuthProvider } from '@/lib/client/auth-context';
import { SESSION_HINT_HEADER } from '@/lib/http/security-headers';
import './globals.css';

export const metadata: Metadata = {
  title: 'JWT Auth',
  description: 'Sign-up and login with short-lived access tokens and rotating, revocable refresh tokens.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading request headers makes every page render per request, which the CSP nonce needs.
  const hasSession = (await headers()).get(SESSION_HINT_HEADER) === '1';
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col bg-page text-fg antialiased">
        {/* The first thing a keyboard reaches: past the header's links, straight to the page. */}
        <a
          href="#content"
          className="sr-only rounded-md bg-surface px-4 py-2 font-medium text-link shadow focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50"
        >
          Skip to content
        </a>
        <AuthProvider hasSession={hasSession}>
          <SiteHeader />
          <div id="content" tabIndex={-1} className="flex-1 focus:outline-none">
            {children}
          </div>
          <SiteFooter />
          <FocusOnNavigation />
        </AuthProvider>
      </body>
    </html>
  );
}
