/**
 * Length rules shared by the schemas and by browser code that must not load zod with the page
 * (the password strength meter): a module without zod, so importing these costs nothing.
 */

/** Counts code points, not UTF-16 units, so an emoji is one character as a person would count it. */
export const characterCount = (value: string) => [...value].length;

export const PASSWORD_MIN_CHARACTERS = 8;
export const PASSWORD_MAX_CHARACTERS = 128;
export const NAME_MAX_CHARACTERS = 100;
