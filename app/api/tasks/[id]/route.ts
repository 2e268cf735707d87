import { requireUser } from '@/lib/auth/access';
import { readJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { route, routeParam } from '@/lib/http/route';
import { deleteTask, updateTask } from '@/lib/resources/tasks';
import { taskUpdateSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async PATCH(request, context) {
    const { sub } = await requireUser(request);
    const input = await readJson(request, taskUpdateSchema);
    return json({ success: true, task: await updateTask(sub, await routeParam(context, 'id'), input) });
  },
  async DELETE(request, context) {
    const { sub } = await requireUser(request);
    await deleteTask(sub, await routeParam(context, 'id'));
    return json({ success: true });
  },
});
