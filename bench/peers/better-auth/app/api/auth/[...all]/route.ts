import { toNextJsHandler } from 'better-auth/next-js';
import { peer } from '../../../../lib/auth';

let handlers: ReturnType<typeof toNextJsHandler> | undefined;
const handle = () => (handlers ??= toNextJsHandler(peer().auth));

export const GET = (request: Request) => handle().GET(request);
export const POST = (request: Request) => handle().POST(request);
