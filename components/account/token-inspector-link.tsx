import Link from 'next/link';
import { TEXT_LINK_CLASS } from '../ui/text-link';
import { Panel } from './panel';

export function TokenInspectorLink() {
  return (
    <Panel title="Your tokens">
      <p className="mt-1 text-sm text-fg-muted">
        See what your access token says, watch it count down to expiry, and follow this tab&apos;s refreshes.
      </p>
      <Link href="/account/token" className={`mt-3 inline-block text-sm ${TEXT_LINK_CLASS}`}>
        Open the token inspector
      </Link>
    </Panel>
  );
}
