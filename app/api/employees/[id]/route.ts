import { json } from '@/lib/http/respond';
import { route } from '@/lib/http/route';
import { deleteEmployee, replaceEmployee } from '@/lib/resources/employees';
import { employeeSchema } from '@/lib/validation/resources';

export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = route({
  PUT: {
    auth: 'employees:write',
    body: employeeSchema,
    handler: async ({ params, body }) => json({ success: true, employee: await replaceEmployee(params.id, body) }),
  },
  DELETE: {
    auth: 'employees:delete',
    async handler({ params }) {
      await deleteEmployee(params.id);
      return json({ success: true });
    },
  },
});
