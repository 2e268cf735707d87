import type { Metadata } from 'next';
import { VerifyEmailView } from '@/components/auth/verify-email-view';
import { AuthCard } from '@/components/layout/auth-card';

export const metadata: Metadata = { title: 'Verify your email · JWT Auth' };

export default function VerifyEmailPage() {
  return (
    <AuthCard title="Verify your email" intro="The link from our email proves the address is yours.">
      <VerifyEmailView />
    </AuthCard>
  );
}
