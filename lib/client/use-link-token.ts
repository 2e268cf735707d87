'use client';

import { useEffect, useState } from 'react';

/** A token taken from the address; `read` counts the takes, so opening the same link again starts afresh. */
export interface LinkToken {
  token: string;
  read: number;
}

/**
 * The token of an emailed link (`/reset-password#token=...`, `/verify-email#token=...`). It
 * travels in the fragment, which browsers never send to a server; once read it is taken out of
 * the address bar too, so it is not left on screen, in the tab's history or in a copied URL. `undefined` until the page has run in
 * the browser, `null` when the address holds no token.
 */
export function useLinkToken(): LinkToken | null | undefined {
  const [link, setLink] = useState<LinkToken | null>();

  useEffect(() => {
    function take() {
      const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
      if (token) window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
      // A read that finds the address already cleaned (React runs effects twice in development)
      // keeps the link taken before.
      setLink((current) => (token ? { token, read: (current?.read ?? 0) + 1 } : (current ?? null)));
    }
    take();
    // A link opened in this tab while the page shows changes only the fragment: no new page load.
    window.addEventListener('hashchange', take);
    return () => window.removeEventListener('hashchange', take);
  }, []);

  return link;
}
