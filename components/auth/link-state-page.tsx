'use client';

import type { ReactNode } from 'react';
import { useTabTitle } from '@/lib/client/use-tab-title';
import { AuthCard } from '../layout/auth-card';

/** What a page opened from an emailed link is for: its heading until the link's state is known. */
export interface PageHeading {
  title: string;
  intro: string;
}

/**
 * The frame of a page opened from an emailed link. Given the `title` of what became of the link,
 * it heads the page with that alone, so a dead link is never headed with what the page is for;
 * the tab's title follows the heading, so a tab or a history entry does not promise a form the
 * page no longer offers.
 */
export function LinkStatePage({ own, title, children }: { own: PageHeading; title?: string; children: ReactNode }) {
  useTabTitle(title ?? own.title);
  return title ? (
    <AuthCard title={title}>{children}</AuthCard>
  ) : (
    <AuthCard title={own.title} intro={own.intro}>
      {children}
    </AuthCard>
  );
}
