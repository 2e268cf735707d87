/**
 * A link set in or beside text (Log in, Ask for a new link): one look wherever it appears, so a
 * link is recognised as one. Sizing and spacing, where a place needs them, go beside it.
 */
export const TEXT_LINK_CLASS = 'font-medium text-link hover:underline';
