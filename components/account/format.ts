/** Dates and times in the person's own locale and time zone. */
export const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long' });
export const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });

/** A whole number of seconds as `1 h 5 min`, `14 min 32 s` or `5 s`. */
export function formatDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [hours ? `${hours} h` : '', minutes ? `${minutes} min` : '', seconds || totalSeconds === 0 ? `${seconds} s` : ''];
  return parts.filter(Boolean).join(' ');
}
