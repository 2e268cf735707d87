import 'server-only';
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
    const started = performance.now();
    const result = op === 'hash' ? bcrypt.hashSync(password, bcrypt.genSaltSync(cost, 'b')) : bcrypt.compareSync(password, hash);
    parentPort.postMessage({ id, result, ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message || error) });
  }
});
`;

/** How long a job may be expected to wait for its answer before the pool refuses to queue it. */
export const MAX_WAIT_MS = 2_500;

// bcrypt's work is 2^cost rounds, so one measured job tells the time of any cost. This is bcryptjs
// on one core of the 2-core machine of decision 003 (cost 12 in about 400 ms); the first finished
// job (the dummy hash computed at start-up) replaces it with this machine's own figure.
const ASSUMED_MS_PER_ROUND = 0.1;
// Each finished job moves the estimate a fifth of the way to what it measured: it follows a machine
// that gets busier or quieter within a few jobs without swinging on one slow one.
const SMOOTHING = 0.2;

/**
 * The pool refused a job: what is already queued is all its workers can finish within MAX_WAIT_MS.
 * Branded with Symbol.for because the pool lives on globalThis and may have been created by
 * another route bundle, whose copy of this class `instanceof` would not recognise.
 */
const BUSY = Symbol.for('nextjs-jwt-auth.BcryptPoolBusy');

export class BcryptPoolBusyError extends Error {
  override readonly name = 'BcryptPoolBusyError';
  readonly [BUSY] = true;

  constructor(readonly retryAfterSeconds: number) {
    super('bcrypt pool busy');
  }
}

export const isBcryptPoolBusy = (error: unknown): error is BcryptPoolBusyError =>
  typeof error === 'object' && error !== null && BUSY in error;

type Job = { op: 'hash'; password: string; cost: number } | { op: 'verify'; password: string; hash: string };
type Pending = { resolve(value: unknown): void; reject(error: Error): void };
type Work = { rounds: number; measurable: boolean };
// `saturated`: every worker was busy at the job's start or end, so its time is what a job takes
// when there is a queue (the workers share the cores with each other and the request thread).
type Running = Work & { pending: Pending; saturated: boolean };

// bcrypt accepts costs 4 to 31. A malformed cost or hash fails (or answers false) at once: it
// costs next to nothing and says nothing about the time of a round.
function workOf(job: Job): Work {
  const cost = job.op === 'hash' ? job.cost : Number(/^\$2[aby]\$(\d{2})\$/.exec(job.hash)?.[1]);
  const valid = Number.isInteger(cost) && cost >= 4 && cost <= 31;
  return { rounds: valid ? 2 ** cost : 1, measurable: valid };
}

export interface PoolOptions {
  maxWaitMs?: number;
  /** The time per bcrypt round assumed until the first job has been measured. */
  assumedMsPerRound?: number;
}

export class BcryptPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Array<Work & { job: Job; pending: Pending }> = [];
  private readonly running = new Map<Worker, Running>();
  private readonly maxWaitMs: number;
  private msPerRound: number;
  private measured = false;
  private queuedRounds = 0;
  private workers = 0;
  private nextId = 0;

  constructor(
    readonly size: number,
    options: PoolOptions = {},
  ) {
    this.maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
    this.msPerRound = options.assumedMsPerRound ?? ASSUMED_MS_PER_ROUND;
  }

  /**
   * Queues `job` when its answer can be expected within maxWaitMs: the work queued and running
   * ahead of it, shared by the workers, plus its own. Otherwise it is refused at once, so under a
   * flood every caller hears within a few seconds (most of them at once) instead of all of them
   * waiting their turn. A free worker always takes a job, even one that alone takes longer.
   */
  run<T>(job: Job): Promise<T> {
    const work = workOf(job);
    const refusal = this.refusal(work.rounds);
    if (refusal) return Promise.reject(refusal);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ ...work, job, pending: { resolve: resolve as (value: unknown) => void, reject } });
      this.queuedRounds += work.rounds;
      this.dispatch();
    });
  }

  /**
   * Throws what `run` would reject a job at `cost` with right now, so a caller can refuse before
   * doing work the refusal would waste (login's database look-up).
   */
  checkCapacity(cost: number): void {
    const refusal = this.refusal(workOf({ op: 'hash', password: '', cost }).rounds);
    if (refusal) throw refusal;
  }

  private refusal(rounds: number): BcryptPoolBusyError | null {
    const workerFree = this.queue.length === 0 && this.running.size < this.size;
    const aheadMs = this.workAheadMs();
    if (workerFree || aheadMs + rounds * this.msPerRound <= this.maxWaitMs) return null;
    return new BcryptPoolBusyError(Math.max(1, Math.ceil(aheadMs / 1000)));
  }

  /** How long until a worker is free for the next job: everything queued and running, shared out. */
  private workAheadMs(): number {
    let rounds = this.queuedRounds;
    for (const { rounds: running } of this.running.values()) rounds += running;
    return (rounds * this.msPerRound) / this.size;
  }

  private dispatch() {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.workers < this.size ? this.spawn() : undefined);
      if (!worker) return;
      const { job, ...work } = this.queue.shift()!;
      this.queuedRounds -= work.rounds;
      this.running.set(worker, { ...work, saturated: this.running.size + 1 === this.size });
      worker.ref();
      worker.postMessage({ id: this.nextId++, ...job });
    }
  }

  /**
   * The worker's own time for the job (not the message round trip or the worker's start-up).
   * Only a saturated pool's jobs teach it (after the first one): the estimate prices queued work,
   * and there is a queue only when every worker is busy, when each job runs slower than alone.
   */
  private learn({ rounds, measurable, saturated }: Running, ms: number) {
    if (!measurable || !(ms > 0) || (this.measured && !saturated)) return;
    const sample = ms / rounds;
    this.msPerRound = this.measured ? this.msPerRound + SMOOTHING * (sample - this.msPerRound) : sample;
    this.measured = true;
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    this.workers++;
    worker.on('message', (message: { result?: unknown; error?: string; ms?: number }) => {
      const running = this.running.get(worker);
      if (running && this.running.size === this.size) running.saturated = true;
      this.running.delete(worker);
      if (running) {
        if (message.error !== undefined) running.pending.reject(new Error(`bcrypt failed: ${message.error}`));
        else {
          if (message.ms !== undefined) this.learn(running, message.ms);
          running.pending.resolve(message.result);
        }
      }
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
    const running = this.running.get(worker);
    const idleAt = this.idle.indexOf(worker);
    // 'error' is followed by 'exit': the second call finds nothing left to do.
    if (!running && idleAt === -1) return;
    this.running.delete(worker);
    if (idleAt !== -1) this.idle.splice(idleAt, 1);
    this.workers--;
    running?.pending.reject(error);
    this.dispatch();
  }
}

// One pool per process (route bundles do not share module state).
const globalForPool = globalThis as typeof globalThis & { __authBcryptPool?: BcryptPool };

function pool(): BcryptPool {
  globalForPool.__authBcryptPool ??= new BcryptPool(Math.max(1, Math.min(4, availableParallelism())));
  return globalForPool.__authBcryptPool;
}

/**
 * Keeps every worker but one busy with a throwaway hash at `cost`, for start-up: beside the dummy
 * hash (which takes the remaining worker) it starts every worker and measures the pool as a flood
 * finds it, all workers at once, before the first request.
 */
export async function warmUpBcryptPool(cost: number): Promise<void> {
  const workers = pool().size;
  await Promise.all(Array.from({ length: workers - 1 }, () => pool().run({ op: 'hash', password: crypto.randomUUID(), cost })));
}

/** Throws BcryptPoolBusyError when a job at `cost` would be refused now. */
export const checkBcryptCapacity = (cost: number) => pool().checkCapacity(cost);

/** Rejects with BcryptPoolBusyError, at once, when the pool cannot answer within MAX_WAIT_MS. */
export const bcryptHash = (password: string, cost: number) => pool().run<string>({ op: 'hash', password, cost });

/** Rejects with BcryptPoolBusyError, at once, when the pool cannot answer within MAX_WAIT_MS. */
export const bcryptCompare = (password: string, hash: string) => pool().run<boolean>({ op: 'verify', password, hash });
