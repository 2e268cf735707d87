import type { Metadata } from 'next';
import { SignedInPage } from '@/components/layout/signed-in-page';
import { AccountView } from '@/components/account/account-view';

export const metadata: Metadata = { title: 'Account · JWT Auth' };

export default function AccountPage() {
  return (
    <SignedInPage>
      <AccountView />
    </SignedInPage>
  );
}
