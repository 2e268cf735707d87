import 'server-only';
import { describeSigningKeys, KeyImportError } from './auth/keys';
import { warmUpBcryptPool } from './auth/bcrypt-pool';
import { dummyPasswordHash } from './auth/password';
import { ConfigError, getConfig, type Config } from './config/env';
import { getDatabase } from './db/client';
import { stampClientAddresses } from './http/socket-address';
import { usesOutbox } from './mail/outbox-access';
import { refuseUnsupportedMethods } from './http/unsupported-methods';
import { getTokenStore } from './sessions/store';

/**
 * Validates configuration when the Node server starts (not at build time, so `next build` needs no
 * secret). A production server with a missing, short or shared secret, or a signing key that
 * cannot be imported, stops here with one line naming the variable.
 */
export async function startServer(): Promise<void> {
  let config: Config;
  let signingKeys: string;
  try {
    config = getConfig();
    signingKeys = await describeSigningKeys(config);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof KeyImportError) {
      console.error(`[auth] configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL (PGlite in ${config.dataDir}/pglite)`;
  const store = config.upstash ? `Upstash Redis REST (${new URL(config.upstash.url).host})` : 'embedded in-process token store';
  console.info(`[auth] database: ${database}; token store: ${store}`);
  console.info(`[auth] ${signingKeys}`);
  if (config.production && !config.databaseUrl) {
    console.warn('[auth] warning: embedded database in production: data stays on this machine only; set DATABASE_URL');
  }
  if (config.production && !config.upstash) {
    console.warn(
      '[auth] warning: in-process token store in production: sessions are lost on restart and not shared between instances; set UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN',
    );
  }
  if (config.production && !config.appOrigin) {
    console.warn('[auth] warning: APP_URL is not set: password-reset and email-verification links cannot be sent; set it to the public origin');
  }
  if (usesOutbox(config)) {
    const judgedBy = config.trustProxy ? `the X-Forwarded-For entry of TRUST_PROXY=${config.trustProxy}` : 'the TCP peer address';
    console.info(`[auth] mail: SMTP_URL is not set: mail is kept in this process and shown at /dev/outbox, to loopback clients only (127.0.0.0/8, ::1; judged by ${judgedBy}); anyone else gets 404`);
  }
  if (config.production && !config.smtpUrl) {
    console.warn(
      config.devOutbox
        ? '[auth] warning: DEV_OUTBOX is on: mail with live links (password reset, email verification) is kept at /dev/outbox (loopback clients only); for tests only, never a real deployment'
        : '[auth] warning: SMTP_URL is not set: mail (password reset, email verification) is not delivered',
    );
  }
  stampClientAddresses();
  refuseUnsupportedMethods();
  getTokenStore();
  // The database opens beside the rest of the start (the embedded one on its own thread, where it
  // also migrates): the first request that needs it waits for it, the others do not. Then the
  // dummy hash (an unknown email's login compares against it) and a throwaway hash on every other
  // bcrypt worker, from which the pool's queue bound measures this machine: at cost 12 they keep
  // both cores of a small machine busy for about 350 ms, which taken from PGlite's start made the
  // embedded start 0.15-0.2 s slower (decision 038); on PostgreSQL the database "opens" at once, so
  // they start at once. A login that comes first waits for what it needs; until the dummy hash is
  // done, an unknown email's login may take that much longer than a known one's (sign-up's 409
  // `email_taken` says more, under the same rate limit).
  void getDatabase()
    .catch(() => undefined)
    .then(() => Promise.allSettled([dummyPasswordHash(config.bcryptCost), warmUpBcryptPool(config.bcryptCost)]));
}
