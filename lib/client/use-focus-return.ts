'use client';

import { useEffect, useRef } from 'react';

/**
 * A ref for the control that opens something in place (a form, a question). Closing it removes
 * the element that had focus, which would drop keyboard users at the top of the page; focus goes
 * back to the control instead.
 */
export function useFocusReturn<T extends HTMLElement>(open: boolean) {
  const ref = useRef<T>(null);
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current && !open) ref.current?.focus();
    wasOpen.current = open;
  }, [open]);
  return ref;
}
