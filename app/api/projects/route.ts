import { requireUser } from '@/lib/auth/access';
import { readJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { createProject, listProjects } from '@/lib/resources/projects';
import { projectCreateSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async GET(request) {
    const { sub } = await requireUser(request);
    return json({ success: true, projects: await listProjects(sub) });
  },
  async POST(request) {
    const { sub } = await requireUser(request);
    const input = await readJson(request, projectCreateSchema);
    return json({ success: true, project: await createProject(sub, input) }, { status: 201 });
  },
});
