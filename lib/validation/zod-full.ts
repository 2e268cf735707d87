import './zod';

/**
 * Full zod, with its method chains and English default messages, for the environment's parsers
 * (lib/config/): they run where the app starts and in the edge middleware, never in a page, so
 * their size costs no one a download. Importing ./zod first sets the shared configuration
 * before any schema here is built. Input schemas use ./zod.
 */
export { z } from 'zod';
