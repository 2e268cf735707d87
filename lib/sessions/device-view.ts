import type { SessionRecord } from './store/types';
import { describeDevice } from './device-name';

/** A session record as its owner sees it in the device list (`GET /api/auth/sessions`): never a token id. */
export interface DeviceView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string;
  device: string;
  current: boolean;
}

export function toDeviceView(session: SessionRecord, currentSessionId: string): DeviceView {
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
