import type { Metadata } from 'next';
import { VerifyEmailView } from '@/components/auth/verify-email-view';

export const metadata: Metadata = { title: 'Verify your email · JWT Auth' };

/** The view draws the page's frame: its heading follows what became of the link. */
export default function VerifyEmailPage() {
  return <VerifyEmailView />;
}
