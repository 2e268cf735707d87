import { readPageRequest } from '@/lib/http/pagination';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { createProject, listProjects } from '@/lib/resources/projects';
import { projectCreateSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    async handler({ request, user }) {
      const { items, nextCursor } = await listProjects(user.sub, readPageRequest(request, 'projects'));
      return json({ success: true, projects: items, nextCursor });
    },
  },
  POST: {
    auth: 'user',
    body: projectCreateSchema,
    handler: async ({ user, body }) => json({ success: true, project: await createProject(user.sub, body) }, { status: 201 }),
  },
});
