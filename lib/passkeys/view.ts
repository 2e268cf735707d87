import 'server-only';
import type { PasskeyRow } from '../db/schema';

/** A passkey as its owner sees it (`GET /api/auth/passkeys`): never its key or credential id. */
export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  /** Null until it first signs in. */
  lastUsedAt: string | null;
}

export function toPasskeyView(row: PasskeyRow): PasskeyView {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString(), lastUsedAt: row.lastUsedAt?.toISOString() ?? null };
}
