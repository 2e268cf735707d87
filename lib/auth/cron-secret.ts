import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { getConfig } from '../config/env';
import { errors } from '../http/errors';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The scheduler's authentication (route policy `auth: 'cron'`): `Authorization: Bearer
 * <CRON_SECRET>`, as Vercel Cron sends it. Compared as SHA-256 digests in constant time, so
 * neither the secret's content nor its length shows in the timing. Without CRON_SECRET the
 * route is off: 404 to everyone, so that a deployment without a scheduler has nothing to call.
 */
export function requireCronSecret(request: Request): void {
  const secret = getConfig().cronSecret;
  if (!secret) throw errors.notFound('No such API endpoint');
  const header = request.headers.get('authorization');
  const match = header ? /^Bearer[ ]+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw errors.missingToken();
  if (!timingSafeEqual(digest(match[1]!), digest(secret))) throw errors.invalidToken();
}
