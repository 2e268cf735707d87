import 'server-only';
import { and, eq } from 'drizzle-orm';
import { withDatabase, type Database } from '../db/client';
import { newestFirst, olderThan, positionTime } from '../db/keyset';
import { securityEvents } from '../db/schema';
import type { RequestContext } from '../http/client-address';
import { toPage, type ListName, type Page, type PageRequest } from '../http/pagination';
import type { SecurityEvent, SecurityEventType } from './types';

interface NewEvent {
  type: SecurityEventType;
  userId?: string | null;
  email?: string | null;
  context: RequestContext;
  detail?: Record<string, string | number | boolean>;
}

/**
 * Appends to the security event log. Inside a transaction (`db` given) it commits or rolls back
 * with the change it describes. Standalone, a failure is logged and swallowed: a lost log line must
 * not turn a login into an error.
 */
export async function recordEvent(event: NewEvent, db?: Database): Promise<void> {
  const values = {
    type: event.type,
    userId: event.userId ?? null,
    email: event.email ?? null,
    ip: event.context.ip,
    userAgent: event.context.userAgent,
    detail: event.detail ?? null,
  };
  if (db) {
    await db.insert(securityEvents).values(values);
    return;
  }
  try {
    await withDatabase((database) => database.insert(securityEvents).values(values));
  } catch (error) {
    console.error(`[events] could not record ${event.type}: ${error instanceof Error ? error.name : typeof error}`);
  }
}

function toEvent(row: typeof securityEvents.$inferSelect): SecurityEvent {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

function listEvents(list: ListName, page: PageRequest, userId?: string): Promise<Page<SecurityEvent>> {
  return withDatabase(async (db) => {
    const rows = await db
      .select({ event: securityEvents, position: positionTime(securityEvents.createdAt) })
      .from(securityEvents)
      .where(and(userId === undefined ? undefined : eq(securityEvents.userId, userId), olderThan(securityEvents.createdAt, securityEvents.id, page.after, 'bigint')))
      .orderBy(...newestFirst(securityEvents.createdAt, securityEvents.id))
      .limit(page.limit + 1);
    return toPage(list, rows, page.limit, (row) => ({ createdAt: row.position, id: String(row.event.id) }), (row) => toEvent(row.event));
  });
}

/** A page of the user's own events, newest first. */
export const listUserEvents = (userId: string, page: PageRequest) => listEvents('user-events', page, userId);

/** A page of everyone's events, newest first. */
export const listAllEvents = (page: PageRequest) => listEvents('events', page);

/** Every event the log still holds about the user, newest first (the account export). */
export function allUserEvents(userId: string): Promise<SecurityEvent[]> {
  return withDatabase(async (db) => {
    const rows = await db.select().from(securityEvents).where(eq(securityEvents.userId, userId)).orderBy(...newestFirst(securityEvents.createdAt, securityEvents.id));
    return rows.map(toEvent);
  });
}
