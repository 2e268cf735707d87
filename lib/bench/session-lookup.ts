import 'server-only';
import { sql } from 'drizzle-orm';
import { withDatabase } from '../db/client';
import { errors } from '../http/errors';
import { BENCH_SESSION_COOKIE, BENCH_SESSIONS_TABLE } from './session-table';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SessionRow {
  user_id: string;
  email: string;
  role: string;
}

function sessionId(request: Request): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, value] = part.split('=', 2);
    if (name?.trim() === BENCH_SESSION_COOKIE) return value?.trim();
  }
  return undefined;
}

/** The user of the session the cookie names, looked up in PostgreSQL on every call. */
export async function lookUpBenchSession(request: Request): Promise<{ id: string; email: string; role: string }> {
  const id = sessionId(request);
  // A malformed id would make PostgreSQL raise on the uuid cast: refused before the query.
  if (!id || !UUID.test(id)) throw errors.missingToken();
  const result = await withDatabase((db) =>
    db.execute(sql`select user_id, email, role from ${sql.identifier(BENCH_SESSIONS_TABLE)} where id = ${id} and expires_at > now()`),
  );
  // postgres.js, on both set-ups, returns the rows themselves.
  const [row] = result as unknown as SessionRow[];
  if (!row) throw errors.invalidToken();
  return { id: row.user_id, email: row.email, role: row.role };
}
