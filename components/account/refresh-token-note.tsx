/** Why the inspector shows nothing of the refresh token. */
export function RefreshTokenNote() {
  return (
    <div className="mt-2 space-y-2 text-sm text-fg-muted">
      <p>
        Not on this page, and that is the point. It lives in a cookie marked <code>HttpOnly</code>: the browser sends it with
        requests to this site but never hands it to script, so <code>document.cookie</code> here does not list it.
      </p>
      <p>
        A script slipped into the page could use the access token above for its few minutes, but could not read the refresh
        token to keep the session going. The cookie is also <code>SameSite=Strict</code>, so other sites cannot make your browser
        send it, and every refresh replaces it: an old one presented again ends the whole session.
      </p>
    </div>
  );
}
