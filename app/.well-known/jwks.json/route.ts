import { getAccessKeys, JWKS_CACHE_CONTROL } from '@/lib/auth/keys';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'public',
    async handler() {
      const { published } = await getAccessKeys();
      return json({ keys: published }, { headers: { 'Cache-Control': JWKS_CACHE_CONTROL } });
    },
  },
});
