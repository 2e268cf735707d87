import { readPageRequest } from '@/lib/http/pagination';
import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { createEmployee, listEmployees } from '@/lib/resources/employees';
import { employeeSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'employees:read',
    async handler({ request }) {
      const { items, nextCursor } = await listEmployees(readPageRequest(request, 'employees'));
      return json({ success: true, employees: items, nextCursor });
    },
  },
  POST: {
    auth: 'employees:write',
    body: employeeSchema,
    handler: async ({ user, body }) => json({ success: true, employee: await createEmployee(user.sub, body) }, { status: 201 }),
  },
});
