import { useId, type ReactNode, type Ref } from 'react';

/**
 * A titled card of the account pages. `headingRef` lets a section take focus back to its heading
 * when the control that had it goes away (a revoked session's row).
 */
export function Panel({ title, headingRef, children }: { title: string; headingRef?: Ref<HTMLHeadingElement>; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="mt-6 rounded-xl border border-line bg-surface p-6 shadow-sm">
      <h2 id={id} ref={headingRef} tabIndex={headingRef ? -1 : undefined} className="focus:outline-none">
        {title}
      </h2>
      {children}
    </section>
  );
}
