import { deleteAccount } from '@/lib/account/deletion';
import { withoutDeviceEntry } from '@/lib/auth/device-cookie';
import { withClearedRefreshCookie } from '@/lib/auth/responses';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  DELETE: {
    auth: 'user',
    // Nothing can be undone after it: a stolen access token alone must not be enough.
    recent: true,
    async handler({ request, user }) {
      await deleteAccount(user);
      // This browser's cookies for the account go too; its entries for other accounts stay.
      return withoutDeviceEntry(request, withClearedRefreshCookie(request, json({ success: true })), user.sub);
    },
  },
});
