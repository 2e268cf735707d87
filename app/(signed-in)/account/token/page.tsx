import type { Metadata } from 'next';
import { TokenInspector } from '@/components/account/token-inspector';

export const metadata: Metadata = { title: 'Token inspector · JWT Auth' };

export default function TokenPage() {
  return <TokenInspector />;
}
