import 'server-only';
import { desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { PagePosition } from '../http/pagination';

/**
 * The SQL side of cursor pagination (lib/http/pagination.ts): lists read newest first by
 * (created_at, id), each from an index on those columns, and a page starts strictly after the
 * position the previous one ended at.
 */

/**
 * A row's created_at as its position holds it: UTC to the microsecond. A JavaScript Date keeps
 * milliseconds only, and rows a few microseconds apart would then be skipped or repeated.
 */
export const positionTime = (createdAt: PgColumn) => sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Rows after `position` in newest-first order; undefined (no condition) on the first page. */
export function olderThan(createdAt: PgColumn, id: PgColumn, position: PagePosition | null, idType: 'uuid' | 'bigint'): SQL | undefined {
  if (!position) return undefined;
  return sql`(${createdAt}, ${id}) < (${position.createdAt}::timestamptz, ${position.id}::${sql.raw(idType)})`;
}

export const newestFirst = (createdAt: PgColumn, id: PgColumn) => [desc(createdAt), desc(id)];
