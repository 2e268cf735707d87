import { errorResponse } from '@/lib/http/respond';
import { errors } from '@/lib/http/errors';

// Unknown API paths answer in the contract's JSON shape rather than Next's HTML 404 page. The edge
// middleware has already required a valid access token, so this reveals nothing to strangers.
const notFound = async () => errorResponse(errors.notFound('No such API endpoint'));

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
