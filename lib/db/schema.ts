import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, customType, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { SECURITY_EVENT_TYPES } from '../events/types';
import { ROLES } from '../auth/roles';
import { TASK_STATUSES } from '../validation/task-statuses';

export const roleEnum = pgEnum('user_role', ROLES);
export const taskStatusEnum = pgEnum('task_status', TASK_STATUSES);
export const securityEventTypeEnum = pgEnum('security_event_type', SECURITY_EVENT_TYPES);

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Stored already normalised (trimmed, NFC, lower-case): the address mail goes to, as given.
    email: text('email').notNull().unique(),
    // Who the address is: canonicalEmail(email) (NFKC, case-folded), so look-alikes such as
    // fullwidth `ａdmin@x.io` are one account with `admin@x.io`. Every lookup and the uniqueness
    // check use it. Null only for rows written before it existed, until lib/db/canonical-emails.ts
    // settles them (docs/decisions/016-email-identity.md).
    emailCanonical: text('email_canonical').unique(),
    passwordHash: text('password_hash').notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    role: roleEnum('role').notNull().default('user'),
    ...timestamps,
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    // The TOTP secret, sealed (AES-256-GCM, lib/auth/secret-box.ts), never in plaintext. Set with
    // totpEnabledAt null while a set-up waits for its first code; the second factor is on once
    // totpEnabledAt is set. totpLastStep is the time step of the last code accepted: a code of that
    // step or an earlier one is refused (no replay).
    totpSecretSealed: text('totp_secret_sealed'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    // When the owner of `email` proved it (a verification link, a completed password reset); null
    // until then. An address change sets it again, for the new address.
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    // True when the verification link was opened in a browser that had never signed in to the
    // account: the mailbox's owner proved the address, but may not be whoever set the account up,
    // so sign-in methods added before that moment go at the next password reset
    // (lib/auth/unproved-sign-in-methods.ts). An address change clears it.
    emailProvedElsewhere: boolean('email_proved_elsewhere').notNull().default(false),
    // When ADMIN_EMAILS gave this account its one grant of `admin` (lib/auth/admin-grant.ts). Once
    // set, the list never promotes the account again, so a demotion by an admin sticks.
    adminGrantedAt: timestamp('admin_granted_at', { withTimezone: true }),
    // When an admin disabled the account; null while it may sign in (lib/admin/users.ts).
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  // Keyset pagination of the admin's user list (lib/http/pagination.ts): newest first.
  (table) => [index('users_page_idx').on(table.createdAt, table.id)],
);

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    ...timestamps,
  },
  (table) => [index('projects_owner_page_idx').on(table.ownerId, table.createdAt, table.id)],
);

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    status: taskStatusEnum('status').notNull().default('todo'),
    ...timestamps,
  },
  (table) => [index('tasks_project_created_idx').on(table.projectId, table.createdAt)],
);

export const employees = pgTable(
  'employees',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    // Normalised like account emails; unique where present, any number of employees without one.
    email: text('email'),
    title: text('title'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (table) => [
    uniqueIndex('employees_email_unique').on(table.email).where(sql`${table.email} is not null`),
    index('employees_name_idx').on(table.lastName, table.firstName),
    index('employees_page_idx').on(table.createdAt, table.id),
  ],
);

/** Single-use password reset tokens: only a SHA-256 of the token is kept, never the token. */
export const passwordResetTokens = pgTable(
  'password_reset_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('password_reset_tokens_user_idx').on(table.userId)],
);

/** Second-factor recovery codes: only a digest of each (lib/auth/recovery-codes.ts), used once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull().unique(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('recovery_codes_user_idx').on(table.userId)],
);

export type EmailLinkPurpose = 'verify' | 'change';

/**
 * Single-use links mailed to an address: `verify` proves the account's address, `change` moves
 * the account to `email`. Only a SHA-256 of the token is kept, never the token.
 */
export const emailLinks = pgTable(
  'email_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<EmailLinkPurpose>().notNull(),
    // The address the link went to: the account's own for `verify`, the new one for `change`.
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('email_links_user_idx').on(table.userId)],
);

// PostgreSQL bytea as a Uint8Array, the form @simplewebauthn/server reads a public key in.
const bytes = customType<{ data: Uint8Array<ArrayBuffer>; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value),
  fromDriver: (value) => new Uint8Array(value),
});

export type PasskeyDeviceType = 'singleDevice' | 'multiDevice';

/**
 * WebAuthn credentials (passkeys) an account signs in with (lib/auth/passkeys/). Only public
 * material: the authenticator keeps the private key. `counter` is the authenticator's signature
 * counter at its last use (0 for the many that never count, such as synced passkeys).
 */
export const passkeys = pgTable(
  'passkeys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // The credential id as the browser sends it (base64url): how a sign-in finds its passkey.
    credentialId: text('credential_id').notNull().unique(),
    // The COSE-encoded public key, as the authenticator gave it at registration.
    publicKey: bytes('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    // How the browser can reach the authenticator (`internal`, `hybrid`, `usb`, ...), as it said.
    transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
    deviceType: text('device_type').$type<PasskeyDeviceType>().notNull(),
    backedUp: boolean('backed_up').notNull(),
    name: text('name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  },
  (table) => [index('passkeys_user_idx').on(table.userId)],
);

/**
 * What happened to whose account, from where: never a token, password or hash. `userId` is no
 * foreign key: the log outlives a deleted account, whose events keep its id and lose the rest
 * (lib/account/deletion.ts). Rows older than EVENT_RETENTION are pruned (lib/retention/prune.ts).
 */
export const securityEvents = pgTable(
  'security_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    type: securityEventTypeEnum('type').notNull(),
    userId: uuid('user_id'),
    // The address an attempt named, kept for failed logins whether or not an account has it.
    email: text('email'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    detail: jsonb('detail').$type<Record<string, string | number | boolean>>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Newest first by (created_at, id) for a user or everyone; the second also serves pruning by age.
  // The third finds the attempts that named an address without an account, which an account's
  // deletion scrubs inside its transaction: without it that is a scan of the whole log.
  (table) => [
    index('security_events_user_page_idx').on(table.userId, table.createdAt, table.id),
    index('security_events_page_idx').on(table.createdAt, table.id),
    index('security_events_unowned_email_idx')
      .on(table.email)
      .where(sql`${table.userId} is null`),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type EmployeeRow = typeof employees.$inferSelect;
export type PasskeyRow = typeof passkeys.$inferSelect;
