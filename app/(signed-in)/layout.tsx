import type { ReactNode } from 'react';
import { RequireAuth } from '@/components/auth/require-auth';

/**
 * The pages that need a user. The middleware already sends visitors without a valid refresh
 * cookie to /login (lib/http/signed-in-pages.ts); RequireAuth covers a session that ends while the
 * page is open.
 */
export default function SignedInLayout({ children }: { children: ReactNode }) {
  return <RequireAuth>{children}</RequireAuth>;
}
