import type { Role } from '@/lib/auth/roles';

export const ROLE_LABELS: Record<Role, string> = { user: 'User', editor: 'Editor', admin: 'Admin' };
