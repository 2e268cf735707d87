import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { pruneExpired } from '@/lib/retention/prune';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  // Vercel Cron calls it with GET (vercel.json); a server elsewhere prunes during traffic too.
  GET: {
    auth: 'cron',
    handler: async () => json({ success: true, ...(await pruneExpired()) }),
  },
});
