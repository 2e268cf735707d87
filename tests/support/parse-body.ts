import assert from 'node:assert/strict';
import type { z } from 'zod';
import type { ApiResponse } from './client';

/**
 * A response's JSON body read through a zod schema: the test gets the shape it asserts on, typed,
 * and a body of another shape fails with the schema's own words instead of an `undefined` later.
 */
export function parseBody<S extends z.ZodType>(res: ApiResponse, schema: S, context = ''): z.output<S> {
  const result = schema.safeParse(res.body);
  assert.ok(result.success, `${context} ${res.status} ${JSON.stringify(res.body)?.slice(0, 400)}: ${result.success ? '' : result.error.message}`);
  return result.data;
}
