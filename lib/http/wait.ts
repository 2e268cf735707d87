/** "42 seconds", "57 minutes", "2 hours": a wait in the unit a person would use. Shared by the API's 429 message and the pages. */
export function describeWait(seconds: number): string {
  const [amount, unit] = seconds < 90 ? [seconds, 'second'] : seconds < 90 * 60 ? [Math.ceil(seconds / 60), 'minute'] : [Math.ceil(seconds / 3600), 'hour'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
