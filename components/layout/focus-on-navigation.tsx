'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';

/**
 * After a client-side navigation, focus goes to the new page's heading (or, before it has one,
 * the page's content), as it does on a full page load: otherwise it stays on the link that was
 * followed, in a header a keyboard or screen-reader user must then leave again. A page that put
 * focus in one of its own fields (a form's first input) keeps it. The first render is a page
 * load, where the browser's own focus is right.
 */
export function FocusOnNavigation() {
  const pathname = usePathname();
  const loaded = useRef(false);

  useEffect(() => {
    if (!loaded.current) {
      loaded.current = true;
      return;
    }
    const content = document.getElementById('content');
    if (!content) return;
    const active = document.activeElement;
    if (active instanceof HTMLElement && content.contains(active) && active.matches('input, textarea, select')) return;
    const heading = content.querySelector('h1');
    const target = heading instanceof HTMLElement ? heading : content;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [pathname]);

  return null;
}
