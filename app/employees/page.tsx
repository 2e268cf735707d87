import type { Metadata } from 'next';
import { RequireAuth } from '@/components/auth/require-auth';
import { EmployeesView } from '@/components/employees/employees-view';

export const metadata: Metadata = { title: 'Employees · JWT Auth' };

export default function EmployeesPage() {
  return (
    <RequireAuth>
      <EmployeesView />
    </RequireAuth>
  );
}
