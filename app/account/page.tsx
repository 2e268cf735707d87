import type { Metadata } from 'next';
import { AccountView } from '@/components/account/account-view';
import { RequireAuth } from '@/components/auth/require-auth';

export const metadata: Metadata = { title: 'Account · JWT Auth' };

export default function AccountPage() {
  return (
    <RequireAuth>
      <AccountView />
    </RequireAuth>
  );
}
