import { BUSY_MESSAGE } from '../http/errors';
import { describeWait } from '../http/wait';
import { ApiRequestError, type ApiProblem } from './auth-client';

/** What to tell a person about a refused request. */
export function problemMessage(problem: ApiProblem): string {
  if (problem.status === 429) {
    const wait = problem.retryAfterSeconds;
    return wait ? `Too many attempts. Try again in ${describeWait(wait)}.` : 'Too many attempts. Try again shortly.';
  }
  if (problem.status === 503 && problem.message === BUSY_MESSAGE) {
    // The password-hashing queue is full (a flood of logins): nothing is down, a retry soon works.
    const wait = problem.retryAfterSeconds;
    return `The server is busy right now. Nothing was changed; try again in ${wait ? describeWait(wait) : 'a few seconds'}.`;
  }
  if (problem.status === 503) return 'The service is unavailable right now. Nothing was changed; please try again shortly.';
  if (problem.status >= 500) return 'Something went wrong on our side. Please try again.';
  return problem.message;
}

export function networkMessage(): string {
  return 'We could not reach the server. Check your connection and try again.';
}

/** Anything a call to the API threw, in words: the server's refusal, or an unreachable server. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiRequestError ? problemMessage(error.problem) : networkMessage();
}
