import 'server-only';
import { withDatabase } from '../db/client';
import { listAllEvents } from '../events/record';
import type { SecurityEvent } from '../events/types';
import { assertStillAdmin } from './users';

/** Every user's recent security events, for admins (checked in the database, like every admin action). */
export async function listSecurityEventsForAdmin(actorId: string): Promise<SecurityEvent[]> {
  await withDatabase((db) => assertStillAdmin(db, actorId));
  return listAllEvents();
}
