import { config } from 'zod/mini';

/**
 * zod as the input schemas use it: every schema module takes it from here (`import * as z`),
 * never from 'zod' or 'zod/mini' directly. It is `zod/mini`, zod's tree-shakable build: the same
 * schemas run in the browser forms and in the route handlers, and the method-chain `zod` cost
 * every page with a form its whole size (decision 028). mini loads no locale, so every schema
 * names its own messages.
 *
 * zod compiles a fast parser for object schemas with `new Function`, after probing whether eval is
 * allowed. The pages' Content-Security-Policy forbids eval, and the browser reports the probe as a
 * violation even though zod catches the error. `jitless` skips both probe and compiler; each
 * object schema reads it when it is built, so it is set here, before any module builds one. The
 * server parses the same way: bodies are small, and the interpreted parser costs microseconds.
 */
config({ jitless: true });

export * from 'zod/mini';
