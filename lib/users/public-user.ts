import type { UserRow } from '../db/schema';
import type { Role } from '../auth/roles';

export interface PublicUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  createdAt: string;
  emailVerified: boolean;
  /** Whether a second factor (TOTP) guards the account; never the secret or a code. */
  mfaEnabled: boolean;
}

/** The only shape of a user that leaves the server: an allow-list, so a new column never leaks. */
export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    firstName: row.firstName,
    lastName: row.lastName,
    role: row.role,
    createdAt: row.createdAt.toISOString(),
    emailVerified: row.emailVerifiedAt !== null,
    mfaEnabled: row.totpEnabledAt !== null,
  };
}
