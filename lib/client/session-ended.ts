/**
 * The query a page adds when it sends its user to /login because the session could not be renewed
 * (revoked, signed out on another device, expired), so the login page can say why it is showing.
 */
export const SESSION_ENDED_PARAM = 'signed-out';
