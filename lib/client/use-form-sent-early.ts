'use client';

import { useSearchParams } from 'next/navigation';
import { FORM_SENT_EARLY_MESSAGE, FORM_SENT_EARLY_PARAM } from '../http/form-sent-early';

/**
 * What to tell someone whose form was posted before the page's script ran: the middleware sent
 * them back here with FORM_SENT_EARLY_PARAM and used nothing they typed. Rendered on the server
 * too, so it shows even when the script never runs.
 */
export function useFormSentEarly(): string | null {
  return useSearchParams().has(FORM_SENT_EARLY_PARAM) ? FORM_SENT_EARLY_MESSAGE : null;
}
