import * as z from './zod';
import { ROLES } from '../auth/roles';
import { emailProblem, normalizeEmail } from './email';
import { NAME_MAX_CHARACTERS } from './lengths';
import { TASK_STATUSES } from './task-statuses';
import { optionalText, requiredText } from './text';

/**
 * The inputs of the resource API, one schema each, shared by the pages' forms and the route
 * handlers. Limits are in characters (code points).
 */

export const PROJECT_NAME_MAX = 100;
export const PROJECT_DESCRIPTION_MAX = 2000;
export const TASK_TITLE_MAX = 200;
export const EMPLOYEE_TITLE_MAX = 100;


const atLeastOneField = <T extends Record<string, unknown>>(value: T) => Object.values(value).some((field) => field !== undefined);
const NOTHING_TO_CHANGE = { error: 'Nothing to change: send at least one field' };

const projectName = requiredText('Project name', { max: PROJECT_NAME_MAX });
const projectDescription = z.pipe(
  optionalText('Description', { max: PROJECT_DESCRIPTION_MAX, multiline: true }),
  z.transform((value: string | null) => value ?? ''),
);

export const projectCreateSchema = z.object({
  name: projectName,
  description: projectDescription,
});

export const projectUpdateSchema = z
  .object({ name: z.optional(projectName), description: z.optional(projectDescription) })
  .check(z.refine(atLeastOneField, NOTHING_TO_CHANGE));

const taskStatus = z.enum(TASK_STATUSES, { error: 'Status must be one of todo, in_progress, done' });
const taskTitle = requiredText('Title', { max: TASK_TITLE_MAX });

export const taskCreateSchema = z.object({
  title: taskTitle,
  status: z._default(taskStatus, 'todo'),
});

export const taskUpdateSchema = z.object({ title: z.optional(taskTitle), status: z.optional(taskStatus) }).check(z.refine(atLeastOneField, NOTHING_TO_CHANGE));

const optionalEmail = z
  .pipe(
    z.nullish(z.string({ error: 'Email must be text' })),
    z.transform((value: string | null | undefined) => (value == null ? null : normalizeEmail(value)) || null),
  )
  .check(
    z.superRefine((email, ctx) => {
      const problem = email === null ? null : emailProblem(email);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  );

/** Create and replace (PUT) take the same body: omitted optional fields become null. */
export const employeeSchema = z.object({
  firstName: requiredText('First name', { max: NAME_MAX_CHARACTERS }),
  lastName: requiredText('Last name', { max: NAME_MAX_CHARACTERS }),
  email: optionalEmail,
  title: optionalText('Job title', { max: EMPLOYEE_TITLE_MAX }),
});

/**
 * An admin's change to an account: a role, disabled or enabled, or both. A body with neither is
 * refused on `role`, the field a form would show it under.
 */
export const userAdminChangeSchema = z
  .object({
    role: z.optional(z.enum(ROLES, { error: 'Role must be one of user, editor, admin' })),
    disabled: z.optional(z.boolean({ error: 'disabled must be true or false' })),
  })
  .check(z.refine(atLeastOneField, { error: 'Nothing to change: send a role, disabled (true or false), or both', path: ['role'] }));

export type ProjectCreateInput = z.infer<typeof projectCreateSchema>;
export type ProjectUpdateInput = z.infer<typeof projectUpdateSchema>;
export type TaskCreateInput = z.infer<typeof taskCreateSchema>;
export type TaskUpdateInput = z.infer<typeof taskUpdateSchema>;
export type EmployeeInput = z.infer<typeof employeeSchema>;
export type UserAdminChange = z.infer<typeof userAdminChangeSchema>;
