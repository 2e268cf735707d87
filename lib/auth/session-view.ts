import type { Session } from '../store/types';
import { describeDevice } from './device';

/** A session as its owner sees it in `GET /api/auth/sessions`: never a token id. */
export interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string;
  device: string;
  current: boolean;
}

export function toSessionView(session: Session, currentSessionId: string): SessionView {
  return {
    id: session.id,
    createdAt: new Date(session.createdAt).toISOString(),
    lastUsedAt: new Date(session.lastUsedAt).toISOString(),
    expiresAt: new Date(session.expiresAt).toISOString(),
    userAgent: session.userAgent,
    device: describeDevice(session.userAgent),
    current: session.id === currentSessionId,
  };
}
