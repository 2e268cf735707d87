/** The security events the app records (lib/events/record.ts); components/events/event-text.tsx words them for people. */
export const SECURITY_EVENT_TYPES = [
  'sign_up',
  'login',
  'login_failed',
  'login_rate_limited',
  'refresh_reuse',
  'session_revoked',
  'sessions_revoked_all',
  'password_changed',
  'password_reset_requested',
  'password_reset',
  'role_changed',
  'mfa_enabled',
  'mfa_disabled',
  'recovery_codes_regenerated',
  'recovery_code_used',
  'mfa_failed',
  'reauthenticated',
  'reauth_failed',
  'email_verification_sent',
  'email_verified',
  'email_change_requested',
  'email_changed',
  'passkey_added',
  'passkey_removed',
  'account_exported',
  'account_disabled',
  'account_enabled',
  'account_deleted',
] as const;

export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

/** An event as the API shows it. */
export interface SecurityEvent {
  id: number;
  type: SecurityEventType;
  userId: string | null;
  email: string | null;
  ip: string | null;
  userAgent: string | null;
  detail: Record<string, string | number | boolean> | null;
  createdAt: string;
}
