import type { Metadata } from 'next';
import { SignedInPage } from '@/components/layout/signed-in-page';
import { EmployeesView } from '@/components/employees/employees-view';

export const metadata: Metadata = { title: 'Employees · JWT Auth' };

export default function EmployeesPage() {
  return (
    <SignedInPage>
      <EmployeesView />
    </SignedInPage>
  );
}
