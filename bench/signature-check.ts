import { randomUUID } from 'node:crypto';
import { accessKeyRing, type KeyRing } from '../lib/auth/keys';
import { signAccessToken, verifyAccessToken } from '../lib/auth/tokens';
import type { AccessKeyConfig } from '../lib/config/signing-keys';
import { newEd25519Key, newSecret } from '../tests/support/signing-keys';
import type { Row } from './report';
import { median, type Profile } from './scenarios';

// A first check may cost this much: the edge and the handler each pay it once per token and
// process (lib/auth/verified-tokens.ts), against a refresh's ~10 ms median (scenario 4).
const FIRST_CHECK_BUDGET_MICROS = 1000;

type Side = 'HS256' | 'EdDSA';

/** Access tokens for distinct sessions: each new to any ring, so every check verifies a signature. */
async function tokensFor(keys: KeyRing, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const claims = { sub: randomUUID(), email: `bench-${i}@example.com`, role: 'user' as const, sid: randomUUID(), auth_time: Math.floor(Date.now() / 1000), amr: ['pwd' as const] };
    tokens.push((await signAccessToken(claims, { keys, ttlSeconds: 900 })).token);
  }
  return tokens;
}

/** Checks per second over every token, in turn, by a ring built for this round (so its cache is empty). */
async function checkRate(config: AccessKeyConfig, tokens: string[]): Promise<number> {
  const keys = await accessKeyRing(config);
  const started = performance.now();
  for (const token of tokens) await verifyAccessToken(token, keys);
  return tokens.length / ((performance.now() - started) / 1000);
}


/**
 * Scenario 6: a first check of an access token (lib/auth/tokens.ts, jose on WebCrypto, as the
 * middleware and the handlers run it) signed EdDSA (JWT_PRIVATE_KEYS) against HS256 (JWT_SECRET),
 * in this process, in alternating rounds. Inside the app a token pays this once per process, so
 * the steady state per request (scenario 1) does not depend on the algorithm.
 */
export async function signatureCheck(profile: Profile): Promise<Row[]> {
  const configs: Record<Side, AccessKeyConfig> = {
    HS256: { alg: 'HS256', secrets: [newSecret()] },
    EdDSA: { alg: 'EdDSA', privateKeys: [await newEd25519Key()] },
  };
  const tokens: Record<Side, string[]> = {
    HS256: await tokensFor(await accessKeyRing(configs.HS256), profile.signatureTokens),
    EdDSA: await tokensFor(await accessKeyRing(configs.EdDSA), profile.signatureTokens),
  };
  for (const side of ['HS256', 'EdDSA'] as const) await checkRate(configs[side], tokens[side]);
  const rates: Record<Side, number[]> = { HS256: [], EdDSA: [] };
  for (let round = 0; round < profile.rounds; round++) {
    const order: Side[] = round % 2 === 0 ? ['HS256', 'EdDSA'] : ['EdDSA', 'HS256'];
    for (const side of order) rates[side].push(await checkRate(configs[side], tokens[side]));
  }
  const hs = median(rates.HS256);
  const ed = median(rates.EdDSA);
  const micros = (rate: number) => Math.round(1e6 / rate);
  return [
    {
      scenario: '6. Access-token signature check: EdDSA vs HS256 (checks/s, each token new to the process)',
      setup: 'in-process',
      baseline: `${Math.round(hs)} checks/s HS256 (${micros(hs)} µs)`,
      measured: `${Math.round(ed)} checks/s EdDSA (${micros(ed)} µs)`,
      ratio: Number((ed / hs).toFixed(2)),
      goal: `≤ ${FIRST_CHECK_BUDGET_MICROS / 1000} ms per first check`,
      verdict: micros(ed) <= FIRST_CHECK_BUDGET_MICROS ? 'met' : 'missed',
      note:
        `verifyAccessToken over ${profile.signatureTokens} distinct tokens per round, one at a time, median of ${profile.rounds} alternating rounds ` +
        `(HS256 ${rates.HS256.map(Math.round).join(', ')}; EdDSA ${rates.EdDSA.map(Math.round).join(', ')} checks/s), Node.js WebCrypto as the edge runtime uses it. ` +
        `Each process checks a token's signature once; later requests with it re-check only its expiry, whatever the algorithm.`,
      data: { rates },
    },
  ];
}
