/** The query a browser lands on `/` with after deleting its account, so the page can say it is done. */
export const ACCOUNT_DELETED_PARAM = 'account-deleted';
export const ACCOUNT_DELETED = `${ACCOUNT_DELETED_PARAM}=1`;
