import 'server-only';
import { desc, eq } from 'drizzle-orm';
import { withDatabase, type Database } from '../db/client';
import { securityEvents } from '../db/schema';
import type { RequestContext } from '../http/client-address';
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

export const EVENT_PAGE_SIZE = 100;

export function listUserEvents(userId: string): Promise<SecurityEvent[]> {
  return withDatabase(async (db) => {
    const rows = await db
      .select()
      .from(securityEvents)
      .where(eq(securityEvents.userId, userId))
      .orderBy(desc(securityEvents.createdAt), desc(securityEvents.id))
      .limit(EVENT_PAGE_SIZE);
    return rows.map(toEvent);
  });
}

export function listAllEvents(): Promise<SecurityEvent[]> {
  return withDatabase(async (db) => {
    const rows = await db.select().from(securityEvents).orderBy(desc(securityEvents.createdAt), desc(securityEvents.id)).limit(EVENT_PAGE_SIZE);
    return rows.map(toEvent);
  });
}
