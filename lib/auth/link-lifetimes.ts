/** How long a password-reset link works; the reset page says so when one has expired. */
export const RESET_LINK_TTL_MINUTES = 30;

/** How long an emailed verification or address-change link works; the pages say so too. */
export const EMAIL_LINK_TTL_HOURS = 24;
