import 'server-only';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite is one process's database: a second process opening the same directory (a script run
 * while `npm run dev` is up) would corrupt it. The first opener writes its pid next to the data;
 * others refuse with a message, unless that process is gone.
 */
export function lockEmbeddedDatabase(directory: string): void {
  const lockFile = path.join(directory, 'pglite.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      process.once('exit', () => rmSync(lockFile, { force: true }));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(lockFile, 'utf8'));
    if (holder === process.pid) return;
    if (Number.isInteger(holder) && holder > 0 && isRunning(holder)) {
      throw new Error(
        `The embedded database in ${directory} is in use by process ${holder} (is \`npm run dev\` running?). ` +
          `Stop it first, or set DATABASE_URL. If no such process is yours, delete ${lockFile}.`,
      );
    }
    rmSync(lockFile, { force: true });
  }
  throw new Error(`Could not lock the embedded database in ${directory}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
