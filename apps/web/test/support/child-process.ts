// The end of a child process a test started: SIGTERM (the processes drain on it), and
// SIGKILL when it has not exited after the grace period.
import type { ChildProcess } from 'node:child_process';

/** `exited` resolves when `child` exits; the returned function stops it (idempotent). */
export function stopperOf(child: ChildProcess, graceMs = 20_000): { exited: Promise<void>; stop: () => Promise<void> } {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
  };
  return { exited, stop };
}
