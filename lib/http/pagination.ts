import 'server-only';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { getConfig } from '../config/env';
import { isUuid } from '../validation/id';
import { errors } from './errors';

/**
 * Cursor pagination of the lists (`?limit=&cursor=`), newest first. A page ends at a position,
 * the (created_at, id) of its last row, and the next page starts strictly after it (keyset, not
 * OFFSET), so rows added meanwhile neither repeat nor push rows off the pages still to come.
 *
 * The cursor is that position, base64url, with an HMAC tag under a key derived from
 * REFRESH_TOKEN_SECRET for this use only, bound to its list: a client can only hand back a cursor
 * the server made for the same list. Anything else, edited or made up, is 400 before any query.
 */

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** The paginated lists; a cursor of one is refused by the others. */
export type ListName = 'projects' | 'employees' | 'users' | 'user-events' | 'events';

/** A row's place in its list: created_at in UTC to the microsecond (PostgreSQL's precision), and its id. */
export interface PagePosition {
  createdAt: string;
  id: string;
}

export interface PageRequest {
  limit: number;
  /** The position the previous page ended at; null for the first page. */
  after: PagePosition | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const KEY_LABEL = 'nextjs-jwt-auth list cursor v1';
const TAG_BYTES = 16;
const MAX_CURSOR_LENGTH = 200;
const CURSOR = /^([A-Za-z0-9_-]{1,160})\.([A-Za-z0-9_-]{22})$/;
const MICROSECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
// Security events have bigserial ids; every other list, UUIDs.
const BIGINT_ID = /^[1-9]\d{0,18}$/;

const keys = new Map<string, Buffer>();

function cursorKey(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', secret, '', KEY_LABEL, 32));
    keys.set(secret, key);
  }
  return key;
}

/** Newest refresh key first: it tags new cursors; every listed key verifies, so a rotation breaks no open page. */
const cursorKeys = () => getConfig().signingKeys.refresh.map(cursorKey);

const tagFor = (key: Buffer, list: ListName, position: PagePosition) =>
  createHmac('sha256', key).update(`${list}\n${position.createdAt}\n${position.id}`).digest().subarray(0, TAG_BYTES).toString('base64url');

export function encodeCursor(list: ListName, position: PagePosition): string {
  const payload = Buffer.from(`${position.createdAt}~${position.id}`).toString('base64url');
  return `${payload}.${tagFor(cursorKeys()[0]!, list, position)}`;
}

const wellFormedId = (list: ListName, id: string) => (list === 'user-events' || list === 'events' ? BIGINT_ID.test(id) : isUuid(id));

/** The position a cursor names, or null when it is not one this server made for `list`. */
export function decodeCursor(list: ListName, cursor: string): PagePosition | null {
  const match = cursor.length <= MAX_CURSOR_LENGTH ? CURSOR.exec(cursor) : null;
  if (!match) return null;
  const payload = Buffer.from(match[1]!, 'base64url');
  // base64url has several spellings of one byte string (the last character's unused bits): only the
  // one the server wrote is a cursor, so a changed character never passes as the same position.
  if (payload.toString('base64url') !== match[1]) return null;
  const [createdAt, id, ...rest] = payload.toString('utf8').split('~');
  if (createdAt === undefined || id === undefined || rest.length > 0 || !MICROSECOND_UTC.test(createdAt) || !wellFormedId(list, id)) return null;
  const position = { createdAt, id };
  // Compared as base64url text: only the exact text the server wrote is accepted.
  const presented = Buffer.from(match[2]!);
  return cursorKeys().some((key) => timingSafeEqual(Buffer.from(tagFor(key, list, position)), presented)) ? position : null;
}

const LIMIT_PROBLEM = `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
const CURSOR_PROBLEM = 'cursor is not valid for this list: use the nextCursor of its previous page';

/** One value of a query parameter; a parameter given twice is as malformed as a bad one. */
function single(url: URL, name: string, problem: string): string | undefined {
  const values = url.searchParams.getAll(name);
  if (values.length > 1) throw errors.validation(problem, { [name]: problem });
  return values[0];
}

/** `limit` (1 to 100, default 50) and `cursor` of a list request; anything malformed is 400 `validation_error`. */
export function readPageRequest(request: Request, list: ListName): PageRequest {
  const url = new URL(request.url);
  const limitText = single(url, 'limit', LIMIT_PROBLEM);
  const cursor = single(url, 'cursor', CURSOR_PROBLEM);
  let limit = DEFAULT_PAGE_SIZE;
  if (limitText !== undefined) {
    limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : 0;
    if (limit < 1 || limit > MAX_PAGE_SIZE) throw errors.validation(LIMIT_PROBLEM, { limit: LIMIT_PROBLEM });
  }
  const after = cursor === undefined ? null : decodeCursor(list, cursor);
  if (cursor !== undefined && !after) throw errors.validation(CURSOR_PROBLEM, { cursor: CURSOR_PROBLEM });
  return { limit, after };
}

/**
 * A page from up to `limit + 1` rows read in list order: the extra row only says that another
 * page follows, whose cursor is the last row kept.
 */
export function toPage<R, T>(list: ListName, rows: readonly R[], limit: number, position: (row: R) => PagePosition, item: (row: R) => T): Page<T> {
  const kept = rows.slice(0, limit);
  const last = kept.at(-1);
  return { items: kept.map(item), nextCursor: rows.length > limit && last !== undefined ? encodeCursor(list, position(last)) : null };
}
