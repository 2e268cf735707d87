import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { NoticePage, WayHome } from '@/components/layout/notice-page';
import { SESSION_HINT_HEADER } from '@/lib/http/security-headers';

export const metadata: Metadata = { title: 'Page not found · JWT Auth' };

/**
 * Every address no page answers, and every `notFound()` (such as /dev/outbox where it does not
 * exist): 404, inside the root layout, so the header and the page's CSP nonce come with it.
 */
export default async function NotFound() {
  // The middleware's check of the refresh cookie, as the root layout reads it: known when the page
  // is drawn, so the way back does not change under the reader once the session is restored.
  const hasSession = (await headers()).get(SESSION_HINT_HEADER) === '1';
  return (
    <NoticePage title="Page not found" message="There is no page at this address. The link may be mistyped, or the page may have moved.">
      <WayHome signedIn={hasSession} />
    </NoticePage>
  );
}
