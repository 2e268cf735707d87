import type { Metadata } from 'next';
import { TokenInspector } from '@/components/account/token-inspector';
import { RequireAuth } from '@/components/auth/require-auth';

export const metadata: Metadata = { title: 'Token inspector · JWT Auth' };

export default function TokenPage() {
  return (
    <RequireAuth>
      <TokenInspector />
    </RequireAuth>
  );
}
