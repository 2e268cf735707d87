/**
 * What became of an emailed link, for a page to say before it asks for anything. Telling `used`
 * from `expired` reveals nothing beyond what holding the link already proves: it was mailed to
 * this account's address.
 */
export type LinkState = 'valid' | 'used' | 'expired' | 'invalid';

/** The state of a stored link row; no row (unknown, retired by a newer link, voided, pruned) is `invalid`. */
export function linkStateOf(row: { usedAt: Date | null; expiresAt: Date } | undefined, now = new Date()): LinkState {
  if (!row) return 'invalid';
  if (row.usedAt) return 'used';
  return row.expiresAt > now ? 'valid' : 'expired';
}

/** What a refused link's holder is told: every state but `valid`. */
export type DeadLinkState = Exclude<LinkState, 'valid'>;

/**
 * Why a link's use was refused, from its row read just after the refusal, at the refusal's own
 * `now`: a row that still reads live then (only a clock stepping back could do that) was refused
 * all the same, and is `invalid`.
 */
export function refusedLinkState(row: { usedAt: Date | null; expiresAt: Date } | undefined, now: Date): DeadLinkState {
  const state = linkStateOf(row, now);
  return state === 'valid' ? 'invalid' : state;
}
