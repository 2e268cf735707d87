const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** Parses `30s`, `15m`, `1h`, `7d` or plain seconds into whole seconds; null when malformed. */
export function parseDurationSeconds(value: string): number | null {
  const match = /^\s*(\d{1,9})\s*([smhd]?)\s*$/.exec(value);
  if (!match) return null;
  const amount = Number(match[1]);
  const unit = (match[2] || 's') as keyof typeof UNIT_SECONDS;
  const seconds = amount * UNIT_SECONDS[unit];
  return seconds > 0 ? seconds : null;
}
