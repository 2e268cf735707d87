import { listSecurityEventsForAdmin } from '@/lib/admin/events';
import { requirePermission } from '@/lib/auth/access';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async GET(request) {
    const { sub } = await requirePermission(request, 'users:manage');
    return json({ success: true, events: await listSecurityEventsForAdmin(sub) });
  },
});
