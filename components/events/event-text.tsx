import { addressLabel } from '@/lib/http/address-label';
import { describeDevice } from '@/lib/sessions/device-name';
import { ROLES, type Role } from '@/lib/auth/roles';
import type { SecurityEvent, SecurityEventType } from '@/lib/events/types';
import { ROLE_LABELS } from '../admin/role-labels';

/** How the security log reads to people; shared by the account page and the admin page. */

const LABELS: Record<SecurityEventType, string> = {
  sign_up: 'Account created',
  login: 'Signed in',
  login_failed: 'Failed sign-in attempt',
  login_rate_limited: 'Sign-in refused: too many attempts',
  refresh_reuse: 'Refresh token reuse detected: session ended',
  session_revoked: 'Device signed out',
  sessions_revoked_all: 'Signed out everywhere',
  password_changed: 'Password changed',
  password_reset_requested: 'Password reset link requested',
  password_reset: 'Password reset with an emailed link',
  role_changed: 'Role changed',
  mfa_enabled: 'Two-factor authentication turned on',
  mfa_disabled: 'Two-factor authentication turned off',
  recovery_codes_regenerated: 'New recovery codes generated',
  recovery_code_used: 'Recovery code used',
  mfa_failed: 'Wrong two-factor code',
  reauthenticated: 'Identity confirmed',
  reauth_failed: 'Identity confirmation failed',
  email_verification_sent: 'Verification link sent',
  email_verified: 'Email address verified',
  email_change_requested: 'Email change requested',
  email_changed: 'Email address changed',
  passkey_added: 'Passkey added',
  passkey_removed: 'Passkey removed',
  account_exported: 'Account data downloaded',
  account_disabled: 'Account disabled by an admin',
  account_enabled: 'Account enabled again by an admin',
  account_deleted: 'Account deleted',
};

/** The events worth a second look: someone may be trying to get in. */
const WARNINGS: ReadonlySet<SecurityEventType> = new Set(['login_failed', 'login_rate_limited', 'refresh_reuse', 'mfa_disabled', 'mfa_failed', 'reauth_failed', 'account_disabled']);

// A type added to the server after this page was built is shown by its name rather than not at all.
export const eventLabel = (event: SecurityEvent): string => LABELS[event.type] ?? event.type;

export const isWarning = (event: SecurityEvent): boolean => WARNINGS.has(event.type);

const roleLabel = (value: unknown) => (ROLES.includes(value as Role) ? ROLE_LABELS[value as Role] : null);
const counted = (value: unknown, noun: string) => (typeof value === 'number' ? `${value} ${noun}${value === 1 ? '' : 's'}` : null);

const promotion = (detail: SecurityEvent['detail']) => (detail?.promotedToAdmin === true ? 'Made an admin (listed in ADMIN_EMAILS)' : null);

/** What the event's detail adds, in words, or null when it adds nothing a person needs. */
export function eventNote({ type, detail }: SecurityEvent): string | null {
  switch (type) {
    case 'role_changed': {
      const from = roleLabel(detail?.from);
      const to = roleLabel(detail?.to);
      return from && to ? `From ${from} to ${to}, by an admin` : 'By an admin';
    }
    case 'sessions_revoked_all': {
      const ended = counted(detail?.revoked, 'session');
      const parts = [ended ? `${ended} ended` : null, detail?.by ? 'by an admin' : null].filter(Boolean);
      return parts.length > 0 ? parts.join(', ') : null;
    }
    case 'password_changed': {
      const ended = counted(detail?.endedSessions, 'other session');
      return ended ? `${ended} signed out` : null;
    }
    case 'login': {
      const parts = [
        detail?.method === 'passkey' ? 'With a passkey' : null,
        detail?.secondFactor === 'totp' ? 'With an authenticator code' : detail?.secondFactor === 'recovery_code' ? 'With a recovery code' : null,
        detail?.by === 'verification_link' ? 'With the link from the verification email' : null,
        promotion(detail),
      ];
      return parts.filter(Boolean).join('; ') || null;
    }
    case 'login_failed':
      if (detail?.reason === 'account_disabled') return 'The account is disabled';
      if (detail?.reason === 'password_changed') return 'The password was changed while this sign-in was being checked';
      return detail?.method !== 'passkey'
        ? null
        : detail.reason === 'unknown_passkey'
          ? 'With a passkey this app does not know (removed, or never added)'
          : detail.reason === 'counter'
            ? 'With a passkey whose use count went backwards: it may have been copied'
            : 'With a passkey that could not be verified';
    case 'passkey_added':
    case 'passkey_removed':
      return typeof detail?.name === 'string' ? detail.name : null;
    case 'account_disabled': {
      const ended = counted(detail?.revoked, 'session');
      return ended ? `${ended} ended` : null;
    }
    case 'recovery_code_used': {
      const left = counted(detail?.remaining, 'code');
      return left ? `${left} left` : null;
    }
    case 'reauthenticated':
    case 'reauth_failed':
      return detail?.method === 'code' ? 'With a two-factor code' : detail?.method === 'password' ? 'With the password' : null;
    case 'password_reset': {
      const passkeys = counted(detail?.removedPasskeys, 'passkey');
      const parts = [passkeys, detail?.removedSecondFactor === true ? 'the two-factor sign-in' : null].filter(Boolean);
      return parts.length > 0 ? `Removed ${parts.join(' and ')}, added before the address was proved` : null;
    }
    case 'email_verified': {
      const parts = [
        detail?.by === 'password_reset' ? 'By resetting the password through an emailed link' : 'With the emailed link',
        detail?.elsewhere === true ? 'opened in a browser that had never signed in to this account' : null,
        promotion(detail),
      ];
      return parts.filter(Boolean).join('; ');
    }
    case 'email_change_requested':
      return typeof detail?.to === 'string' ? `To ${detail.to}, once the link sent there is used` : null;
    case 'email_changed': {
      const parts = [typeof detail?.from === 'string' ? `From ${detail.from}` : null, promotion(detail)];
      return parts.filter(Boolean).join('; ') || null;
    }
    default:
      return null;
  }
}

export const eventDevice = (event: SecurityEvent): string => describeDevice(event.userAgent ?? '');
export const eventAddress = (event: SecurityEvent): string => (event.ip === null ? 'Unknown address' : addressLabel(event.ip));

// With seconds: failed sign-ins come in bursts, and their order matters.
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function EventTime({ event, className }: { event: SecurityEvent; className?: string }) {
  return (
    <time dateTime={event.createdAt} className={className}>
      {timeFormat.format(new Date(event.createdAt))}
    </time>
  );
}
