import 'server-only';
import { sql } from 'drizzle-orm';
import { databaseKind, withDatabase } from './db/client';
import { getTokenStore } from './sessions/store';

export interface Health {
  ok: boolean;
  database: { kind: 'postgres' | 'pglite'; status: 'ok' | 'down' };
  store: { kind: 'memory' | 'upstash'; status: 'ok' | 'down' };
}

const probe = (work: () => Promise<unknown>) =>
  work().then(
    () => 'ok' as const,
    () => 'down' as const,
  );

export async function checkHealth(): Promise<Health> {
  const store = getTokenStore();
  const [database, storeStatus] = await Promise.all([
    probe(() => withDatabase((db) => db.execute(sql`select 1`))),
    probe(() => store.ping()),
  ]);
  return {
    ok: database === 'ok' && storeStatus === 'ok',
    database: { kind: databaseKind(), status: database },
    store: { kind: store.kind, status: storeStatus },
  };
}
