import type { Metadata } from 'next';
import { ForgotPasswordForm } from '@/components/auth/forgot-password-form';
import { AuthCard } from '@/components/layout/auth-card';

export const metadata: Metadata = { title: 'Forgot password · JWT Auth' };

export default function ForgotPasswordPage() {
  return (
    <AuthCard title="Reset your password" intro="Enter the email you signed up with and we will send you a link to choose a new password.">
      <ForgotPasswordForm />
    </AuthCard>
  );
}
