'use client';

import { NoticePage, WayHome } from '@/components/layout/notice-page';
import { Button } from '@/components/ui/button';
import { useAuth } from '@/lib/client/auth-context';

/**
 * A page that threw while it was drawn, inside the root layout: the header and the session stay,
 * and Try again draws the page afresh. What went wrong is not shown: a server error's message
 * stays in the server's log, and a person can do nothing with a stack.
 */
export default function PageError({ retry }: { retry: () => void }) {
  const { status } = useAuth();
  return (
    <>
      <title>Something went wrong · JWT Auth</title>
      <NoticePage title="Something went wrong" message="This page could not be shown. Try again; if it keeps failing, come back a little later.">
        <Button onClick={retry}>Try again</Button>
        <WayHome signedIn={status === 'authenticated'} />
      </NoticePage>
    </>
  );
}
