import { requirePermission } from '@/lib/auth/access';
import { readJson } from '@/lib/http/body';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { createEmployee, listEmployees } from '@/lib/resources/employees';
import { employeeSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  async GET(request) {
    await requirePermission(request, 'employees:read');
    return json({ success: true, employees: await listEmployees() });
  },
  async POST(request) {
    const { sub } = await requirePermission(request, 'employees:write');
    const input = await readJson(request, employeeSchema);
    return json({ success: true, employee: await createEmployee(sub, input) }, { status: 201 });
  },
});
