import 'server-only';
import http from 'node:http';
import https from 'node:https';

/**
 * Sees one event of the Node server (`request`, `connection`, `clientError`...) before the
 * server's own listeners, Next.js among them; answers true when it has dealt with the event
 * itself, which then goes no further.
 */
export type ServerEventHook = (server: http.Server, event: string | symbol, args: unknown[]) => boolean;

// On globalThis: installed from the instrumentation bundle, once per process.
const globalForHooks = globalThis as typeof globalThis & { __authServerEventHooks?: Map<string, ServerEventHook> };

function installedHooks(): Map<string, ServerEventHook> {
  if (globalForHooks.__authServerEventHooks) return globalForHooks.__authServerEventHooks;
  const hooks = new Map<string, ServerEventHook>();
  globalForHooks.__authServerEventHooks = hooks;
  for (const Server of [http.Server, https.Server]) {
    const prototype = Server.prototype as http.Server;
    const emit = prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
    prototype.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
      for (const hook of hooks.values()) if (hook(this, event, args)) return true;
      return emit.call(this, event, ...args);
    } as typeof prototype.emit;
  }
  return hooks;
}

/**
 * Next.js gives the app no hold on its Node server: no socket address in a route, and its own
 * answer (a 500) to methods the Fetch standard forbids. The one way in is the server's `emit`,
 * wrapped here once for every hook, in the order they were added; a hook added again under the
 * same name replaces the earlier one. Called at server start (instrumentation), before the first
 * request.
 */
export function hookServerEvents(name: string, hook: ServerEventHook): void {
  installedHooks().set(name, hook);
}
