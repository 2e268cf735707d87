import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { deleteTask, updateTask } from '@/lib/resources/tasks';
import { taskUpdateSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  PATCH: {
    auth: 'user',
    body: taskUpdateSchema,
    handler: async ({ user, params, body }) => json({ success: true, task: await updateTask(user.sub, params.id, body) }),
  },
  DELETE: {
    auth: 'user',
    async handler({ user, params }) {
      await deleteTask(user.sub, params.id);
      return json({ success: true });
    },
  },
});
