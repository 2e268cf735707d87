import Link from 'next/link';
import { Panel } from './panel';

export function TokenInspectorLink() {
  return (
    <Panel title="Your tokens">
      <p className="mt-1 text-sm text-fg-muted">
        See what your access token says, watch it count down to expiry, and follow this tab&apos;s refreshes.
      </p>
      <Link href="/account/token" className="mt-3 inline-block text-sm font-medium text-link hover:underline">
        Open the token inspector
      </Link>
    </Panel>
  );
}
