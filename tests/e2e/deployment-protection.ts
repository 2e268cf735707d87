/**
 * Vercel's Deployment Protection answers 401 to every request that does not carry the project's
 * automation bypass secret. With VERCEL_AUTOMATION_BYPASS_SECRET set, the browser and the
 * `request` fixture send it on every request (playwright.config's extraHTTPHeaders), and ask for
 * the bypass cookie too, which is how Vercel documents it for Playwright.
 */
const secret = process.env.VERCEL_AUTOMATION_BYPASS_SECRET;

export function protectionBypassHeaders(): Record<string, string> | undefined {
  return secret ? { 'x-vercel-protection-bypass': secret, 'x-vercel-set-bypass-cookie': 'true' } : undefined;
}

/** The platform's bypass cookie: set in front of the app, never by it. */
export function isProtectionBypassCookie(name: string): boolean {
  return Boolean(secret) && name === '_vercel_jwt';
}

const REDACTED = '<VERCEL_AUTOMATION_BYPASS_SECRET>';

/**
 * Playwright's call log of a failed API request lists the request's headers, the bypass secret
 * among them; this takes it out of an error before the error reaches a log.
 */
export function redactBypassSecret(error: unknown): unknown {
  if (secret && error instanceof Error) {
    error.message = error.message.replaceAll(secret, REDACTED);
    if (error.stack) error.stack = error.stack.replaceAll(secret, REDACTED);
  }
  return error;
}

/** `target` with every method's rejection passed through redactBypassSecret. */
export function redactingBypassSecret<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property) {
      const methods = object as Record<PropertyKey, (...args: unknown[]) => unknown>;
      if (typeof methods[property] !== 'function') return methods[property];
      return (...args: unknown[]) => {
        // A plain method call, which Playwright's logs name after the method.
        const result = methods[property]!(...args);
        return result instanceof Promise ? result.catch((error: unknown) => Promise.reject(redactBypassSecret(error))) : result;
      };
    },
  });
}
