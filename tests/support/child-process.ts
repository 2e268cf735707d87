import type { ChildProcess } from 'node:child_process';

/** True until the child has exited, on its own or by a signal (a signal leaves exitCode null). */
export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** How the child ended, for error messages. */
export function exitDescription(child: ChildProcess): string {
  return child.signalCode ? `signal ${child.signalCode}` : `code ${child.exitCode}`;
}

/**
 * Sends `signal` and waits until the child has exited; nothing to do once it has. Checking only
 * exitCode waited forever on a child a signal had already ended, since 'exit' never comes again.
 */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!isRunning(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // Waiting on an unreferenced child alone would let the event loop end first.
  child.ref();
  child.kill(signal);
  await exited;
}

const ours = new Set<ChildProcess>();
let watching = false;

function killOurs(): void {
  for (const child of ours) if (isRunning(child)) child.kill('SIGKILL');
}

/**
 * Kills `child` when this process ends without stopping it: a plain exit, or SIGTERM, SIGINT or
 * SIGHUP (Ctrl-C, a CI job stopped). Without it, a test runner stopped mid-run left its `next start`
 * servers running, one found half an hour later. The signal is then raised again, so the process
 * ends as it would have. SIGKILL cannot be caught: what that leaves running stays.
 */
export function killWithThisProcess(child: ChildProcess): void {
  ours.add(child);
  child.once('exit', () => ours.delete(child));
  if (watching) return;
  watching = true;
  process.once('exit', killOurs);
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killOurs();
      process.kill(process.pid, signal);
    });
  }
}
