import { createServer, type AddressInfo } from 'node:net';

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Thrown by a waitFor check when what it waits for can no longer come (its process died): the wait ends at once. */
export class WaitAborted extends Error {}

/** Polls `check` until it is true; a check that throws counts as not yet, unless it throws WaitAborted. */
export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const notYet = (error: unknown) => {
    if (error instanceof WaitAborted) throw error;
    return false;
  };
  while (!(await check().catch(notYet))) {
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
