const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A date as `December 2, 2026`, in the browser's time zone: what `Intl.DateTimeFormat('en-US',
 * { dateStyle: 'long' })` writes, without Intl. The first Intl formatter a tab creates loads the
 * ICU data, 57-160 ms on the main thread in Chromium here (4x that on Lighthouse's phone CPU);
 * the dashboard, where every sign-in lands, shows one date and should not pay that on its first
 * render. The interface is in English, so the date is too.
 */
export function longEnglishDate(date: Date): string {
  return `${MONTHS[date.getMonth()]} ${date.getDate()}, ${date.getFullYear()}`;
}
