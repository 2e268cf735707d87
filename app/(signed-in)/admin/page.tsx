import type { Metadata } from 'next';
import { SignedInPage } from '@/components/layout/signed-in-page';
import { AdminView } from '@/components/admin/admin-view';

export const metadata: Metadata = { title: 'Admin · JWT Auth' };

export default function AdminPage() {
  return (
    <SignedInPage>
      <AdminView />
    </SignedInPage>
  );
}
