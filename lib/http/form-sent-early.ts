/**
 * The query parameter the middleware adds when it sends a form posted to a page back to that page
 * (see middleware.ts): the form was sent before the page's script ran, so nothing was done.
 */
export const FORM_SENT_EARLY_PARAM = 'form-sent-early';

export const FORM_SENT_EARLY_MESSAGE =
  'Your details were not used: the form was sent before this page had finished loading. Try again once it has loaded (this page needs JavaScript).';
