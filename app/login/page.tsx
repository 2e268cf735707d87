import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoginForm } from '@/components/auth/login-form';
import { AuthCard } from '@/components/layout/auth-card';

export const metadata: Metadata = { title: 'Log in · JWT Auth' };

export default function LoginPage() {
  return (
    <AuthCard title="Log in" intro="Welcome back.">
      <Suspense>
        <LoginForm />
      </Suspense>
    </AuthCard>
  );
}
