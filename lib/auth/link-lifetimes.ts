/** How long a password-reset link works; the reset page says so when one has expired. */
export const RESET_LINK_TTL_MINUTES = 30;

/** How long an emailed verification or address-change link works; the pages say so too. */
export const EMAIL_LINK_TTL_HOURS = 24;

/**
 * How long a reset or email link's row is kept after its lifetime ends, used or not: someone who
 * opens an old mail within that week is told the link was used or has expired, not that it was
 * never valid. After it the row is pruned (it names an account) and the link reads invalid.
 */
export const SPENT_LINK_KEPT_DAYS = 7;
