import { requireUser } from '@/lib/auth/access';
import { changePassword } from '@/lib/auth/password-change';
import { readJson } from '@/lib/http/body';
import { requestContext } from '@/lib/http/client-address';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { passwordChangeSchema } from '@/lib/validation/auth';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async POST(request) {
    const claims = await requireUser(request);
    const input = await readJson(request, passwordChangeSchema);
    return json({ success: true, endedSessions: await changePassword(claims, input, requestContext(request)) });
  },
});
