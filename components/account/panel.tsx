import { useId, type ReactNode, type Ref } from 'react';

/**
 * A titled card of the account pages. `headingRef` lets a section take focus back to its heading
 * when the control that had it goes away (a revoked session's row).
 */
export function Panel({ title, headingRef, children }: { title: string; headingRef?: Ref<HTMLHeadingElement>; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="mt-6 rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
      <h2 id={id} ref={headingRef} tabIndex={headingRef ? -1 : undefined} className="text-lg font-medium text-slate-900 focus:outline-none">
        {title}
      </h2>
      {children}
    </section>
  );
}
