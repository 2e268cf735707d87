import type { Metadata } from 'next';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';
import { AuthCard } from '@/components/layout/auth-card';

export const metadata: Metadata = { title: 'Choose a new password · JWT Auth' };

export default function ResetPasswordPage() {
  return (
    <AuthCard title="Choose a new password" intro="Pick one you do not use anywhere else. Setting it signs you out on every device.">
      <ResetPasswordForm />
    </AuthCard>
  );
}
