'use client';

import { useLayoutEffect } from 'react';

// Every page's title ends so (the pages' metadata); a title set here keeps the ending.
const SUFFIX = ' · JWT Auth';

/**
 * Keeps the tab's title on `heading` while the calling component is shown, for a page whose
 * heading changes after it loads, so the tab and the history name what the page says.
 *
 * Setting it once is not enough. Next.js hydrates a page's metadata after the page itself, and
 * at that moment writes the metadata's title over one the page has just set from what it found
 * on loading (a reset page opened without its link). So the title is watched and put back until
 * the component goes. The watch ends in a layout effect's clean-up, inside the very commit that
 * brings the next page, so it never overwrites the title the router gives that page.
 */
export function useTabTitle(heading: string) {
  useLayoutEffect(() => {
    // As `document.title` reads it back, white space collapsed: else the watch would never settle.
    const title = `${heading}${SUFFIX}`.replace(/[\t\n\f\r ]+/g, ' ').replace(/^ | $/g, '');
    const keep = () => {
      if (document.title !== title) document.title = title;
    };
    keep();
    // The whole document: a title streamed after the head was sent stays where it arrived.
    const watch = new MutationObserver(keep);
    watch.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
    return () => watch.disconnect();
  }, [heading]);
}
