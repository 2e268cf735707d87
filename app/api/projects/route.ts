import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { createProject, listProjects } from '@/lib/resources/projects';
import { projectCreateSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'user',
    handler: async ({ user }) => json({ success: true, projects: await listProjects(user.sub) }),
  },
  POST: {
    auth: 'user',
    body: projectCreateSchema,
    handler: async ({ user, body }) => json({ success: true, project: await createProject(user.sub, body) }, { status: 201 }),
  },
});
