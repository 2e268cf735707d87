'use client';

import { useEffect, useState, type ComponentType } from 'react';
import { authClient } from '@/lib/client/auth-context';
import type { ReauthFormProps } from './reauth-form';

// `id` counts the prompts: each one draws a fresh form.
type Prompt = { id: number; Form: ComponentType<ReauthFormProps>; settle: (done: boolean) => void };

/**
 * The re-authentication prompt of every signed-in page. It registers with the page's auth client,
 * which opens it whenever an action answers `reauth_required` and retries the action once the
 * person has confirmed it is them. Few visits ever see it, so the dialog itself (reauth-form.tsx)
 * is a chunk of its own, fetched at the first prompt rather than with every signed-in page. A
 * chunk that cannot be fetched gives up, as closing the dialog does: the action then reports the
 * refusal as usual.
 */
export function ReauthDialog() {
  const [prompt, setPrompt] = useState<Prompt | null>(null);

  useEffect(() => {
    const client = authClient();
    let pending: ((done: boolean) => void) | null = null;
    let prompts = 0;
    const settle = (resolve: (done: boolean) => void, done: boolean) => {
      if (pending !== resolve) return;
      pending = null;
      setPrompt(null);
      resolve(done);
    };
    client.setReauthPrompt(
      () =>
        new Promise<boolean>((resolve) => {
          // A second prompt replaces the first, which gives up.
          if (pending) settle(pending, false);
          pending = resolve;
          const id = ++prompts;
          import('./reauth-form').then(
            ({ ReauthForm }) => {
              if (pending === resolve) setPrompt({ id, Form: ReauthForm, settle: (done) => settle(resolve, done) });
            },
            () => settle(resolve, false),
          );
        }),
    );
    return () => {
      client.setReauthPrompt(null);
      if (pending) settle(pending, false);
    };
  }, []);

  return prompt ? <prompt.Form key={prompt.id} onDone={prompt.settle} /> : null;
}
