'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef, useState, type MouseEvent, type ReactNode } from 'react';
import { buttonClassName } from '../ui/button';

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round">
      {open ? <path d="M4 4l8 8M12 4l-8 8" /> : <path d="M2.5 4h11M2.5 8h11M2.5 12h11" />}
    </svg>
  );
}

/**
 * Below the `sm` breakpoint, a Menu button that shows `children` (the nav and the account
 * controls) in a panel over the top of the page, which stays where it is. A disclosure, not an ARIA
 * menu: the links inside are ordinary links, next in tab order after the button. Escape closes it
 * and puts focus back on the button. A press outside it, following one of its links, or tabbing
 * past its end closes it too, so focus never sits on the page hidden under the panel. At `sm` and
 * wider the component is hidden and the header shows its inline nav instead.
 */
export function PhoneMenu({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // Open on the page where it was opened: moving to another page (a link in it, a redirect) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const closeOutside = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpenOn(null);
    };
    document.addEventListener('pointerdown', closeOutside);
    return () => document.removeEventListener('pointerdown', closeOutside);
  }, [open]);

  function closeOnLink(event: MouseEvent<HTMLDivElement>) {
    if (event.target instanceof Element && event.target.closest('a')) setOpenOn(null);
  }

  return (
    <div
      ref={rootRef}
      className="sm:hidden"
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !open) return;
        setOpenOn(null);
        buttonRef.current?.focus();
      }}
      onBlur={(event) => {
        // Focus that goes nowhere (a press on the panel's text) leaves it open.
        if (open && event.relatedTarget instanceof Node && !event.currentTarget.contains(event.relatedTarget)) setOpenOn(null);
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpenOn(open ? null : pathname)}
        className={`${buttonClassName('secondary')} inline-flex items-center gap-2`}
      >
        <MenuIcon open={open} />
        Menu
      </button>
      {open ? (
        // Not a control: it notices a followed link, by mouse, touch or keyboard (Enter on a link clicks it).
        <div id={panelId} onClick={closeOnLink} className="absolute inset-x-0 top-full z-20 border-b border-line bg-surface px-6 py-4 shadow-md">
          {children}
        </div>
      ) : null}
    </div>
  );
}
