import { peer } from '../../../lib/auth';

/** The protected read: the session from the cookie, looked up in PostgreSQL or, with the cookie cache on, read from its signed cookie. */
export async function GET(request: Request): Promise<Response> {
  const session = await peer().auth.api.getSession({ headers: request.headers });
  if (!session) return Response.json({ error: 'unauthorized' }, { status: 401 });
  return Response.json({ id: session.user.id, email: session.user.email });
}
