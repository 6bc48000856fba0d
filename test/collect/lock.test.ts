// lockDirectory on real files: one holder per directory; a lock whose process is gone is taken over.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LOCK_FILE, LockHeldError, lockDirectory } from "../../src/collect/lock.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "teltel-lock-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const lockPath = (): string => join(dir, LOCK_FILE);
const holder = (): Record<string, unknown> => JSON.parse(readFileSync(lockPath(), "utf8"));
const writeLock = (content: Record<string, unknown> | string): void =>
  writeFileSync(lockPath(), typeof content === "string" ? content : JSON.stringify(content));

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", ""]);
  return child.pid as number;
}

/** The error lockDirectory throws for `dir`. */
async function refusal(): Promise<LockHeldError> {
  const error = await lockDirectory(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LockHeldError);
  return error as LockHeldError;
}

describe("lockDirectory", () => {
  it("writes its pid and host to DIR/collect.lock, and release removes it", async () => {
    const lock = await lockDirectory(dir);
    expect(holder()).toMatchObject({ pid: process.pid, host: hostname() });
    await lock.release();
    expect(existsSync(lockPath())).toBe(false);
  });

  it("refuses a second lock of the same directory in the same process, and gives it once released", async () => {
    const lock = await lockDirectory(dir);
    const error = await refusal();
    expect(error).toMatchObject({ holder: { pid: process.pid }, checked: true });
    await lock.release();
    await (await lockDirectory(dir)).release();
  });

  it("refuses a lock whose process runs (the parent of this test)", async () => {
    writeLock({ pid: process.ppid, host: hostname(), since: "2026-03-04T08:00:00.000Z" });
    expect(await refusal()).toMatchObject({ holder: { pid: process.ppid }, checked: true });
    expect(holder().pid).toBe(process.ppid);
  });

  it.each([
    ["whose process is gone (SIGKILL)", () => ({ pid: deadPid() })],
    // A pid reused after a restart: the process with that pid started at another time.
    ["whose pid now belongs to a process started at another time", () => ({ pid: process.ppid, start: 1 })],
    ["from before a reboot", () => ({ pid: process.ppid, boot: "00000000-0000-0000-0000-000000000000" })],
    // A container restarted: the new process got the old one's pid.
    ["that names this very pid, left by an earlier process", () => ({ pid: process.pid })],
  ])("takes over a lock %s", async (_, stale) => {
    writeLock({ ...stale(), host: hostname(), since: "2026-03-04T08:00:00.000Z" });
    const lock = await lockDirectory(dir);
    expect(holder()).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it("refuses a lock of another host: whether it runs cannot be checked", async () => {
    writeLock({ pid: deadPid(), host: `not-${hostname()}`, since: "2026-03-04T08:00:00.000Z" });
    expect(await refusal()).toMatchObject({ holder: { host: `not-${hostname()}` }, checked: false });
  });

  it("refuses a lock file it cannot read as a lock", async () => {
    writeLock("");
    expect(await refusal()).toMatchObject({ holder: undefined });
  });

  it("release leaves alone a lock that is no longer its own", async () => {
    const lock = await lockDirectory(dir);
    writeLock({ pid: process.ppid, host: hostname(), since: "2026-03-04T08:00:00.000Z" });
    await lock.release();
    expect(holder().pid).toBe(process.ppid);
  });
});
