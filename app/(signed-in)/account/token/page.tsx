import type { Metadata } from 'next';
import { SignedInPage } from '@/components/layout/signed-in-page';
import { TokenInspector } from '@/components/account/token-inspector';

export const metadata: Metadata = { title: 'Token inspector · JWT Auth' };

export default function TokenPage() {
  return (
    <SignedInPage>
      <TokenInspector />
    </SignedInPage>
  );
}
