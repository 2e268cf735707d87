import { peer } from '../../../lib/auth';

export const dynamic = 'force-dynamic';

/** 200 once PostgreSQL answers through the pool Better Auth uses: the bench's first-200 mark. */
export async function GET(): Promise<Response> {
  await peer().pool.query('select 1');
  return Response.json({ ok: true });
}
