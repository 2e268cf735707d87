import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { SiteHeader } from '@/components/layout/site-header';
import { VerifyEmailBanner } from '@/components/layout/verify-email-banner';
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
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <AuthProvider hasSession={hasSession}>
          <SiteHeader />
          <VerifyEmailBanner />
          {children}
        </AuthProvider>
      </body>
    </html>
  );
}
