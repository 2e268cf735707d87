import type { Role } from './roles';

/**
 * Which role may do what: the one table behind every role check, read by the route handlers
 * (through requirePermission) and by the pages (to hide buttons a role may not use). Owner-scoped
 * resources (projects, tasks) need no entry: any signed-in user may manage their own.
 */
export const PERMISSIONS = {
  'employees:read': ['user', 'editor', 'admin'],
  'employees:write': ['editor', 'admin'],
  'employees:delete': ['admin'],
  'users:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
