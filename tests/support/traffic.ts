import { codeOf } from './bodies';
import type { ApiResponse } from './client';
import { waitFor } from './ports';

export interface Answer {
  loop: number;
  status: number;
  code: string | undefined;
}

export interface Traffic {
  /** Resolves once every loop has had another answer with `status` since this call. */
  each(status: number, what: string): Promise<void>;
  /** Stops the loops after their current request and resolves to every answer they had. */
  stop(): Promise<Answer[]>;
}

// Each loop pauses between requests: while a backend is down the answers come back at once, and
// unpaced loops would only flood the server's log with one line per refusal.
const PAUSE_MS = 50;
// Far above the app's own limits (2 s per store call, 5 s to connect to PostgreSQL): longer is a hang.
const ANSWER_WITHIN_MS = 15_000;

/** The answer's status, or 0 with the reason when there was none (refused connection, hang). */
async function answer(step: () => Promise<ApiResponse>): Promise<{ status: number; code: string | undefined }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_WITHIN_MS / 1000} s`)), ANSWER_WITHIN_MS);
  });
  try {
    const res = await Promise.race([step(), hang]);
    return { status: res.status, code: codeOf(res) };
  } catch (error) {
    return { status: 0, code: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs each of `loops` over and over, one request at a time, until stopped: steady traffic that is
 * in flight while a test breaks a backend and mends it. A loop keeps its own state (a rotating
 * refresh cookie, say) in its closure.
 */
export function startTraffic(loops: Array<() => Promise<ApiResponse>>): Traffic {
  const answers: Answer[] = [];
  let stopped = false;
  const running = loops.map(async (step, loop) => {
    while (!stopped) {
      answers.push({ loop, ...(await answer(step)) });
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
  });
  return {
    async each(status, what) {
      const from = answers.length;
      await waitFor(
        async () => loops.every((_, loop) => answers.slice(from).some((answer) => answer.loop === loop && answer.status === status)),
        `${what}: a ${status} on every loop`,
      );
    },
    async stop() {
      stopped = true;
      await Promise.all(running);
      return answers;
    },
  };
}
