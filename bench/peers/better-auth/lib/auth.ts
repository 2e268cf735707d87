import { betterAuth } from 'better-auth';
import { authOptions } from './options';

function create() {
  const options = authOptions();
  return { auth: betterAuth(options), pool: options.database };
}

let instance: ReturnType<typeof create> | undefined;

// Made on first use, not at import: `next build` imports the routes without the environment.
export function peer(): ReturnType<typeof create> {
  instance ??= create();
  return instance;
}
