import { exportAccount, exportFileName } from '@/lib/account/export';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    async handler({ user, client }) {
      const data = await exportAccount(user, client);
      return json(data, { headers: { 'Content-Disposition': `attachment; filename="${exportFileName(data.exportedAt)}"` } });
    },
  },
});
