// One collector per directory: DIR/collect.lock names its holder (pid, host, boot, process start). Node has no
// file lock (no flock or fcntl without native code), so liveness is checked: a lock whose process is gone
// (SIGKILL, a crash, a reboot, its pid since reused) is taken over.
import { link, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join, resolve } from "node:path";

/** The lock file's name in the directory. */
export const LOCK_FILE = "collect.lock";

/** Who holds a lock, as its file says. */
export interface LockHolder {
  pid: number;
  host: string;
  /** Linux's boot id: a lock from before a reboot is stale. */
  boot?: string;
  /** The process's start time (clock ticks since boot, /proc/PID/stat): a reused pid has another. */
  start?: number;
  since: string;
}

/** The directory is locked by a collector that is (or may be) running; `holder` undefined: an unreadable lock. */
export class LockHeldError extends Error {
  constructor(
    readonly path: string,
    readonly holder: LockHolder | undefined,
    /** false: the holder runs on another host, so whether it runs cannot be checked from here. */
    readonly checked: boolean,
  ) {
    super(`${path} is held`);
  }
}

/** A lock taken: release it at stop. */
export interface DirectoryLock {
  /** Removes the lock file, if it is still this lock's. */
  release(): Promise<void>;
}

// Locks this process holds: a second collector in the same process finds its own pid in the file.
const held = new Set<string>();
// Enough for two starts that race to take over the same stale lock (each pass makes progress or ends).
const ATTEMPTS = 4;

/** Takes the lock of `dir`, or throws LockHeldError (or the system error of a directory it cannot write). */
export async function lockDirectory(dir: string): Promise<DirectoryLock> {
  const path = join(resolve(dir), LOCK_FILE);
  const text = `${JSON.stringify(await myself())}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    if (await create(path, text)) {
      held.add(path);
      return { release: () => release(path, text) };
    }
    const found = await readOrMissing(path);
    if (found === undefined) continue; // gone meanwhile: try again
    const holder = parse(found);
    if (holder === undefined) throw new LockHeldError(path, undefined, true);
    if (holder.host !== hostname()) throw new LockHeldError(path, holder, false);
    if (await alive(holder, path)) throw new LockHeldError(path, holder, true);
    await takeAway(path, found);
  }
  throw new LockHeldError(path, parse((await readOrMissing(path)) ?? ""), true);
}

/** Creates the lock with its content at once (a temporary file hard-linked in place); false if one exists. */
async function create(path: string, text: string): Promise<boolean> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode: 0o640 });
  try {
    await link(temporary, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return false;
    // A file system without hard links: exclusive creation, then the content (a crash between leaves an
    // empty lock, which asks to be removed by hand).
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
    try {
      await writeFile(path, text, { flag: "wx", mode: 0o640 });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw fallback;
    }
  } finally {
    await unlink(temporary).catch(() => {});
  }
}

/**
 * Moves a stale lock out of the way, but only the one that was judged stale: it is renamed aside first (one
 * start wins the rename), and put back if what was moved is a newer lock another start took meanwhile.
 */
async function takeAway(path: string, stale: string): Promise<void> {
  const aside = `${path}.${process.pid}.stale`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  const moved = (await readOrMissing(aside)) ?? "";
  if (moved !== stale) await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
}

async function release(path: string, text: string): Promise<void> {
  held.delete(path);
  // Never another's lock: a collector that lost its lock file (removed by hand) leaves the new one alone.
  if ((await readOrMissing(path)) === text) await unlink(path).catch(() => {});
}

/** Whether the holder on this host still runs: its pid alive, not a zombie, started when the lock says. */
async function alive(holder: LockHolder, path: string): Promise<boolean> {
  const boot = await bootId();
  if (holder.boot !== undefined && boot !== undefined && holder.boot !== boot) return false;
  // Our own pid: a lock of this process, or one left by an earlier process that had our pid (a container).
  if (holder.pid === process.pid) return held.has(path);
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: it runs, as another user.
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const stat = await processStat(holder.pid);
  if (stat === undefined) return true;
  if (stat.state === "Z" || stat.state === "X") return false;
  return holder.start === undefined || holder.start === stat.start;
}

async function myself(): Promise<LockHolder> {
  const boot = await bootId();
  const start = (await processStat(process.pid))?.start;
  return {
    pid: process.pid,
    host: hostname(),
    ...(boot === undefined ? {} : { boot }),
    ...(start === undefined ? {} : { start }),
    since: new Date().toISOString(),
  };
}

/** Linux's boot id, or undefined elsewhere. */
async function bootId(): Promise<string | undefined> {
  return (await readFile("/proc/sys/kernel/random/boot_id", "utf8").catch(() => undefined))?.trim();
}

/** A process's state letter and start time from /proc/PID/stat (Linux), or undefined. */
async function processStat(pid: number): Promise<{ state: string; start: number } | undefined> {
  // Missing (not Linux, or the process is gone) or hidden (hidepid): nothing to tell.
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  // `pid (comm) state ...`: comm may hold spaces and parentheses, so the fields start after the last `)`.
  const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // The state is field 3 and starttime field 22 of proc(5); fields[0] is field 3.
  const start = Number(fields[19]);
  return fields[0] === undefined || !Number.isSafeInteger(start) ? undefined : { state: fields[0], start };
}

function parse(text: string): LockHolder | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isSafeInteger(value.pid) || typeof value.host !== "string") return undefined;
    return value as LockHolder;
  } catch {
    return undefined;
  }
}

async function readOrMissing(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
