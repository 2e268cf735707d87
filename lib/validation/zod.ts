import { z } from 'zod';

/**
 * zod as the app uses it: every schema module imports `z` from here, never from 'zod'.
 *
 * zod compiles a fast parser for object schemas with `new Function`, after probing whether eval is
 * allowed. The pages' Content-Security-Policy forbids eval, and the browser reports the probe as a
 * violation even though zod catches the error. `jitless` skips both probe and compiler; each
 * object schema reads it when it is built, so it is set here, before any module builds one. The
 * server parses the same way: bodies are small, and the interpreted parser costs microseconds.
 */
z.config({ jitless: true });

export { z };
