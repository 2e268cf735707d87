import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { deleteProject, getProject, updateProject } from '@/lib/resources/projects';
import { projectUpdateSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    handler: async ({ user, params }) => json({ success: true, project: await getProject(user.sub, params.id) }),
  },
  PATCH: {
    auth: 'user',
    body: projectUpdateSchema,
    handler: async ({ user, params, body }) => json({ success: true, project: await updateProject(user.sub, params.id, body) }),
  },
  DELETE: {
    auth: 'user',
    async handler({ user, params }) {
      await deleteProject(user.sub, params.id);
      return json({ success: true });
    },
  },
});
