import 'server-only';
import { appOrigin } from '../http/request-origin';
import { PRODUCT_NAME } from '../mail/compose';

/** Who a passkey belongs to, as WebAuthn names it: the relying party's id (a host name), its name and its origin. */
export interface RelyingParty {
  id: string;
  name: string;
  origin: string;
}

/**
 * The relying party a request speaks to: the app's origin it was sent to (lib/http/request-origin.ts:
 * APP_URL, or on Vercel one of the deployment's own URLs; never a forged Host), and that origin's
 * host name as the RP ID. A passkey works only where its RP ID is the page's host (or a parent
 * domain of it), so a passkey made on one of a preview's URLs works on that URL alone.
 */
export function relyingParty(request: Request): RelyingParty {
  const origin = appOrigin(request);
  return { id: new URL(origin).hostname, name: PRODUCT_NAME, origin };
}
