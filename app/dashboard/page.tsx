import type { Metadata } from 'next';
import { RequireAuth } from '@/components/auth/require-auth';
import { DashboardView } from '@/components/dashboard/dashboard-view';

export const metadata: Metadata = { title: 'Dashboard · JWT Auth' };

export default function DashboardPage() {
  return (
    <RequireAuth>
      <DashboardView />
    </RequireAuth>
  );
}
