import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RegisterForm } from '@/components/auth/register-form';
import { AuthCard } from '@/components/layout/auth-card';

export const metadata: Metadata = { title: 'Sign up · JWT Auth' };

export default function RegisterPage() {
  return (
    <AuthCard title="Create your account" intro="It takes a few seconds. No email confirmation needed.">
      <Suspense>
        <RegisterForm />
      </Suspense>
    </AuthCard>
  );
}
