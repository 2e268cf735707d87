'use client';

import { NoticePage } from '@/components/layout/notice-page';
import { Footer } from '@/components/layout/site-footer';
import { Button } from '@/components/ui/button';
import './globals.css';
import { TEXT_LINK_CLASS } from '@/components/ui/text-link';

/**
 * The root layout itself threw (its header, the session): this replaces the whole document, so it
 * brings its own html, body and styles. The page's state is what broke, so trying again means
 * loading the page afresh, which also restores the session from the refresh cookie.
 */
export default function GlobalError() {
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col bg-page text-fg antialiased">
        <title>Something went wrong · JWT Auth</title>
        <div className="flex-1">
          <NoticePage title="Something went wrong" message="This page could not be shown. Reload it; if it keeps failing, come back a little later.">
            <Button onClick={() => window.location.reload()}>Reload the page</Button>
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full load, not a client-side move: the page's state in this tab is what broke */}
            <a href="/" className={TEXT_LINK_CLASS}>
              Back to the home page
            </a>
          </NoticePage>
        </div>
        <Footer signedIn={false} fullLoads />
      </body>
    </html>
  );
}
