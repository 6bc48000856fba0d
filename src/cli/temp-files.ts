// The -o writer's temporary files: their name (beside the target, with the writer's pid and start time), and
// the removal of ones a killed run left behind (SIGKILL, a power cut: no handler ran to remove them).
import { readdirSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** A temporary file older than this is stale even if a process with its pid runs (pids are reused). */
export const STALE_TEMP_MS = 12 * 3_600_000;

/** The temporary file that `path` is written to by process `pid` at `now`: `.NAME.PID.TIME36.tmp` beside it. */
export function tempPathFor(path: string, pid: number, now: number): string {
  // Same directory, so the rename is atomic and never crosses file systems.
  return join(dirname(path), `.${basename(path)}.${pid}.${now.toString(36)}.tmp`);
}

/** Whether a process with this pid runs (one of another user's counts: signal 0 is then refused, EPERM). */
export function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the temporary files of `path` that a run which ended without cleaning up left: those whose process
 * is gone, or that were last written more than STALE_TEMP_MS ago. Best effort: a folder that cannot be listed,
 * or a file another run removes first, is no error. Files in `keep` (this process's own) are left alone.
 */
export function removeStaleTemps(
  path: string,
  keep: ReadonlySet<string>,
  now: number = Date.now(),
  isAlive: (pid: number) => boolean = pidIsAlive,
): string[] {
  const folder = dirname(path);
  const prefix = `.${basename(path)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.[0-9a-z]+\.tmp$/.exec(name.slice(prefix.length));
    const temp = join(folder, name);
    if (match === null || keep.has(temp)) continue;
    const pid = Number(match[1]);
    try {
      const old = now - statSync(temp).mtimeMs > STALE_TEMP_MS;
      // This process's pid on a file it does not hold: a process before it had the same pid.
      if (!old && pid !== process.pid && isAlive(pid)) continue;
      unlinkSync(temp);
      removed.push(temp);
    } catch {
      // Gone already, or not ours to remove: left as it is.
    }
  }
  return removed;
}
