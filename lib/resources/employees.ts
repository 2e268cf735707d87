import 'server-only';
import { eq } from 'drizzle-orm';
import { isForeignKeyViolation, isUniqueViolation, withDatabase } from '../db/client';
import { newestFirst, olderThan, positionTime } from '../db/keyset';
import { employees, type EmployeeRow } from '../db/schema';
import { errors } from '../http/errors';
import { toPage, type Page, type PageRequest } from '../http/pagination';
import { isUuid } from '../validation/id';
import type { EmployeeInput } from '../validation/resources';
import type { Employee } from './shapes';

/**
 * The shared employee directory. Who may read, write or delete is decided by the route handler
 * from the permission table (lib/auth/permissions.ts); these functions only keep the data right.
 */

const EMAIL_TAKEN = 'An employee with this email already exists';
const notFound = () => errors.notFound('Employee not found');

function toEmployee(row: EmployeeRow): Employee {
  return {
    id: row.id,
    firstName: row.firstName,
    lastName: row.lastName,
    email: row.email,
    title: row.title,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function mapWriteErrors<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isUniqueViolation(error, 'employees_email_unique')) throw errors.emailTaken(EMAIL_TAKEN);
    // A valid token whose user has since been deleted: the token no longer names anyone.
    if (isForeignKeyViolation(error)) throw errors.invalidToken();
    throw error;
  }
}

/** A page of the directory, newest entry first. */
export function listEmployees(page: PageRequest): Promise<Page<Employee>> {
  return withDatabase(async (db) => {
    const rows = await db
      .select({ employee: employees, position: positionTime(employees.createdAt) })
      .from(employees)
      .where(olderThan(employees.createdAt, employees.id, page.after, 'uuid'))
      .orderBy(...newestFirst(employees.createdAt, employees.id))
      .limit(page.limit + 1);
    return toPage('employees', rows, page.limit, (row) => ({ createdAt: row.position, id: row.employee.id }), (row) => toEmployee(row.employee));
  });
}

export async function createEmployee(createdBy: string, input: EmployeeInput): Promise<Employee> {
  const [row] = await mapWriteErrors(withDatabase((db) => db.insert(employees).values({ ...input, createdBy }).returning()));
  return toEmployee(row!);
}

/** A full replacement: optional fields left out of `input` are already null. */
export async function replaceEmployee(id: string | undefined, input: EmployeeInput): Promise<Employee> {
  if (!isUuid(id)) throw notFound();
  const [row] = await mapWriteErrors(
    withDatabase((db) =>
      db
        .update(employees)
        .set({ ...input, updatedAt: new Date() })
        .where(eq(employees.id, id))
        .returning(),
    ),
  );
  if (!row) throw notFound();
  return toEmployee(row);
}

export async function deleteEmployee(id: string | undefined): Promise<void> {
  if (!isUuid(id)) throw notFound();
  const deleted = await withDatabase((db) => db.delete(employees).where(eq(employees.id, id)).returning({ id: employees.id }));
  if (deleted.length === 0) throw notFound();
}
