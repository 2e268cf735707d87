import { requirePermission } from '@/lib/auth/access';
import { readJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { route, routeParam } from '@/lib/http/route';
import { deleteEmployee, replaceEmployee } from '@/lib/resources/employees';
import { employeeSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async PUT(request, context) {
    await requirePermission(request, 'employees:write');
    const input = await readJson(request, employeeSchema);
    return json({ success: true, employee: await replaceEmployee(await routeParam(context, 'id'), input) });
  },
  async DELETE(request, context) {
    await requirePermission(request, 'employees:delete');
    await deleteEmployee(await routeParam(context, 'id'));
    return json({ success: true });
  },
});
