import { checkHealth } from '@/lib/health';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'public',
    async handler() {
      const health = await checkHealth();
      if (health.ok) return json({ success: true, status: 'ok', database: health.database, store: health.store });
      const down = [health.database.status === 'down' && 'database', health.store.status === 'down' && 'token store'].filter(Boolean);
      return json(
        {
          success: false,
          status: 'unavailable',
          code: 'unavailable',
          message: `Unavailable: ${down.join(' and ')} unreachable`,
          database: health.database,
          store: health.store,
        },
        { status: 503, headers: { 'Retry-After': '5' } },
      );
    },
  },
});
