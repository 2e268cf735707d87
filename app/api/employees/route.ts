import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { createEmployee, listEmployees } from '@/lib/resources/employees';
import { employeeSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  GET: {
    auth: 'employees:read',
    handler: async () => json({ success: true, employees: await listEmployees() }),
  },
  POST: {
    auth: 'employees:write',
    body: employeeSchema,
    handler: async ({ user, body }) => json({ success: true, employee: await createEmployee(user.sub, body) }, { status: 201 }),
  },
});
