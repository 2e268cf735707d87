/** How long an emailed verification or address-change link works; the pages say so too. */
export const EMAIL_LINK_TTL_HOURS = 24;
