import type { Metadata } from 'next';
import { DashboardFrame } from '@/components/dashboard/dashboard-main';
import { DashboardView } from '@/components/dashboard/dashboard-view';
import { SignedInPage } from '@/components/layout/signed-in-page';

export const metadata: Metadata = { title: 'Dashboard · JWT Auth' };

export default function DashboardPage() {
  return (
    <SignedInPage frame={<DashboardFrame />}>
      <DashboardView />
    </SignedInPage>
  );
}
