import 'server-only';
import type * as z from '../validation/zod';
import { errors } from './errors';
import { fieldErrors } from '../validation/field-errors';

export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON object body and validates it with `schema`. The size limit is enforced while
 * streaming, so an oversized or lying Content-Length never gets buffered or parsed.
 */
export async function readJson<T extends z.ZodMiniType>(request: Request, schema: T): Promise<z.output<T>> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw errors.validation('Content-Type must be application/json');
  }
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw errors.payloadTooLarge(MAX_BODY_BYTES);

  const text = await readLimitedText(request);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw errors.validation('Request body is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw errors.validation('Request body must be a JSON object');
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const fields = fieldErrors(result.error);
    throw errors.validation(Object.values(fields)[0] ?? 'Invalid request', fields);
  }
  return result.data;
}

/**
 * The body stream fails when the client goes away before all of it has arrived (Node's
 * `ECONNRESET: aborted`: a closed tab, a dropped connection, a client's timeout while the request
 * waited). That is an incomplete request, not a fault of ours: a 400, which no one will read, rather
 * than a 500 logged as an unexpected server error.
 */
async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch {
    throw errors.validation('The request body did not arrive in full');
  }
}

async function readLimitedText(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await readChunk(reader);
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel();
      throw errors.payloadTooLarge(MAX_BODY_BYTES);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw errors.validation('Request body is not valid UTF-8');
  }
}
