import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { createTask, listTasks } from '@/lib/resources/tasks';
import { taskCreateSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    handler: async ({ user, params }) => json({ success: true, tasks: await listTasks(user.sub, params.id) }),
  },
  POST: {
    auth: 'user',
    body: taskCreateSchema,
    handler: async ({ user, params, body }) => json({ success: true, task: await createTask(user.sub, params.id, body) }, { status: 201 }),
  },
});
