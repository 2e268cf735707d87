import type { Metadata } from 'next';
import { ResetPasswordForm } from '@/components/auth/reset-password-form';

export const metadata: Metadata = { title: 'Choose a new password · JWT Auth' };

/** The form draws the page's frame: its heading follows the link's state. */
export default function ResetPasswordPage() {
  return <ResetPasswordForm />;
}
