import { randomBytes, scryptSync } from 'node:crypto';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// The app hashes bcrypt over a 44-character base64 HMAC of the password (lib/auth/password.ts), so
// this hashes inputs of that length, on one worker thread: what one core does.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const bcrypt = require(workerData.bcryptjs);
const started = performance.now();
let hashes = 0;
while (hashes < workerData.minHashes || performance.now() - started < workerData.seconds * 1000) {
  const input = createHash('sha256').update(String(hashes)).digest('base64');
  bcrypt.hashSync(input, bcrypt.genSaltSync(workerData.cost, 'b'));
  hashes++;
}
parentPort.postMessage({ hashes, ms: performance.now() - started });
`;

export interface HashRate {
  hashes: number;
  seconds: number;
  perSecond: number;
}

/** bcryptjs hashes per second at `cost` on one core, for about `seconds` and at least 3 hashes. */
export function singleCoreHashRate(cost: number, seconds: number): Promise<HashRate> {
  const bcryptjs = createRequire(import.meta.url).resolve('bcryptjs');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { bcryptjs, cost, seconds, minHashes: 3 } });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', ({ hashes, ms }: { hashes: number; ms: number }) => {
      void worker.terminate();
      resolve({ hashes, seconds: Number((ms / 1000).toFixed(2)), perSecond: Number(((hashes * 1000) / ms).toFixed(2)) });
    });
  });
}

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
  keyLength: number;
}

/** node:crypto scrypt hashes per second with `params` on this thread (one core), for about `seconds` and at least 3 hashes. */
export function singleCoreScryptRate(params: ScryptParams, seconds: number): HashRate {
  const options = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r };
  const started = performance.now();
  let hashes = 0;
  while (hashes < 3 || performance.now() - started < seconds * 1000) {
    scryptSync(`password-${hashes}`, randomBytes(16).toString('hex'), params.keyLength, options);
    hashes++;
  }
  const ms = performance.now() - started;
  return { hashes, seconds: Number((ms / 1000).toFixed(2)), perSecond: Number(((hashes * 1000) / ms).toFixed(2)) };
}
