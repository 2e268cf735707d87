import 'server-only';
import { withDatabase } from '../db/client';
import { listAllEvents } from '../events/record';
import type { SecurityEvent } from '../events/types';
import type { Page, PageRequest } from '../http/pagination';
import { assertStillAdmin } from './users';

/** A page of every user's security events, for admins (checked in the database, like every admin action). */
export async function listSecurityEventsForAdmin(actorId: string, page: PageRequest): Promise<Page<SecurityEvent>> {
  await withDatabase((db) => assertStillAdmin(db, actorId));
  return listAllEvents(page);
}
