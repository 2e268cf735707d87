import { requireUser } from '@/lib/auth/access';
import { readJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { route, routeParam } from '@/lib/http/route';
import { createTask, listTasks } from '@/lib/resources/tasks';
import { taskCreateSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async GET(request, context) {
    const { sub } = await requireUser(request);
    return json({ success: true, tasks: await listTasks(sub, await routeParam(context, 'id')) });
  },
  async POST(request, context) {
    const { sub } = await requireUser(request);
    const input = await readJson(request, taskCreateSchema);
    return json({ success: true, task: await createTask(sub, await routeParam(context, 'id'), input) }, { status: 201 });
  },
});
