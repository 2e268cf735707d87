import { requireUser } from '@/lib/auth/access';
import { readJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { route, routeParam } from '@/lib/http/route';
import { deleteProject, getProject, updateProject } from '@/lib/resources/projects';
import { projectUpdateSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async GET(request, context) {
    const { sub } = await requireUser(request);
    return json({ success: true, project: await getProject(sub, await routeParam(context, 'id')) });
  },
  async PATCH(request, context) {
    const { sub } = await requireUser(request);
    const input = await readJson(request, projectUpdateSchema);
    return json({ success: true, project: await updateProject(sub, await routeParam(context, 'id'), input) });
  },
  async DELETE(request, context) {
    const { sub } = await requireUser(request);
    await deleteProject(sub, await routeParam(context, 'id'));
    return json({ success: true });
  },
});
