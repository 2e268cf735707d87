import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * bcrypt on worker threads. bcryptjs on the request thread stalled every other request for up to
 * 808 ms while 8 logins hashed (docs/decisions/003-password-hashing.md); here the request thread
 * only posts a message. The worker is inline source (resolved from the project root, where
 * `next start` and Vercel run) because a separate file would not survive route bundling.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const bcrypt = require('bcryptjs');
parentPort.on('message', ({ id, op, password, cost, hash }) => {
  try {
    const result = op === 'hash' ? bcrypt.hashSync(password, bcrypt.genSaltSync(cost, 'b')) : bcrypt.compareSync(password, hash);
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

type Job = { op: 'hash'; password: string; cost: number } | { op: 'verify'; password: string; hash: string };
type Pending = { resolve(value: unknown): void; reject(error: Error): void };

class BcryptPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Array<{ job: Job; pending: Pending }> = [];
  private readonly inFlight = new Map<Worker, Pending>();
  private workers = 0;
  private nextId = 0;

  constructor(private readonly size: number) {}

  run<T>(job: Job): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ job, pending: { resolve: resolve as (value: unknown) => void, reject } });
      this.dispatch();
    });
  }

  private dispatch() {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.workers < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const { job, pending } = this.queue.shift()!;
      this.inFlight.set(worker, pending);
      worker.ref();
      worker.postMessage({ id: this.nextId++, ...job });
    }
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    this.workers++;
    worker.on('message', (message: { result?: unknown; error?: string }) => {
      const pending = this.inFlight.get(worker);
      this.inFlight.delete(worker);
      if (message.error !== undefined) pending?.reject(new Error(`bcrypt failed: ${message.error}`));
      else pending?.resolve(message.result);
      // A busy worker keeps the process alive until its answer arrives; an idle one must not
      // hold a finished process (a script, a test) open.
      worker.unref();
      this.idle.push(worker);
      this.dispatch();
    });
    // A dead worker fails only its own job; the next job gets a fresh worker.
    worker.on('error', (error) => this.retire(worker, error));
    worker.on('exit', (code) => this.retire(worker, new Error(`bcrypt worker exited with code ${code}`)));
    return worker;
  }

  private retire(worker: Worker, error: Error) {
    const pending = this.inFlight.get(worker);
    const idleAt = this.idle.indexOf(worker);
    // 'error' is followed by 'exit': the second call finds nothing left to do.
    if (!pending && idleAt === -1) return;
    this.inFlight.delete(worker);
    if (idleAt !== -1) this.idle.splice(idleAt, 1);
    this.workers--;
    pending?.reject(error);
    this.dispatch();
  }
}

// One pool per process (route bundles do not share module state).
const globalForPool = globalThis as typeof globalThis & { __authBcryptPool?: BcryptPool };

function pool(): BcryptPool {
  globalForPool.__authBcryptPool ??= new BcryptPool(Math.max(1, Math.min(4, availableParallelism())));
  return globalForPool.__authBcryptPool;
}

export const bcryptHash = (password: string, cost: number) => pool().run<string>({ op: 'hash', password, cost });

export const bcryptCompare = (password: string, hash: string) => pool().run<boolean>({ op: 'verify', password, hash });
