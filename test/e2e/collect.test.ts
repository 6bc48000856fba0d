// collect as the real bin: SIGTERM under load loses nothing acknowledged and exits 0; SIGKILL under load
// leaves every acknowledged event as a complete line; a restart ends a partial line; analyze reads the dump.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { send, TOKEN, waitFor } from "../collect/support.js";
import { BIN, ROOT, runBin } from "../support/bin.js";

interface Running {
  child: ChildProcess;
  base: string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
let dir: string | undefined;
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Starts `collect` on 127.0.0.1 (a free port) into `out`: the child, its stderr so far and its exit. */
function launchCollect(out: string) {
  const child = spawn(process.execPath, [BIN, "collect", "--out-dir", out, "--listen", "127.0.0.1:0"], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", TELTEL_EVENTS_TOKEN: TOKEN },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exited };
}

/** Spawns `collect` on 127.0.0.1 (a free port) into `out`, resolving once it listens. */
async function spawnCollect(out: string): Promise<Running> {
  const { child, stderr, exited } = launchCollect(out);
  await waitFor(
    () => /listening on http:\/\/127\.0\.0\.1:\d+/.test(stderr()),
    10_000,
    "the collector to listen",
  );
  const port = /127\.0\.0\.1:(\d+)/.exec(stderr())?.[1];
  return { child, base: `http://127.0.0.1:${port}`, stderr, exited };
}

// A valid START (the first event of samples/mixed-day.ndjson); each sent copy gets its own ids.
const START = JSON.parse(
  readFileSync(join(ROOT, "samples/mixed-day.ndjson"), "utf8").split("\n")[0] as string,
);

/**
 * `workers` loops, each sending events one after another (ids w-N) until `stop()` says so or a request fails;
 * returns the ids acknowledged with 200.
 */
function load(base: string, workers: number, stop: () => boolean): Promise<string[]> {
  const acked: string[] = [];
  const loop = async (w: number): Promise<void> => {
    for (let n = 0; n < 100_000 && !stop(); n += 1) {
      const id = `${w}-${n}`;
      const body = JSON.stringify({ ...START, id, session_id: `s-${id}`, call_id: `c-${id}` });
      try {
        const reply = await send(`${base}/events`, {
          method: "POST",
          headers: { Authorization: `Bearer ${TOKEN}` },
          body,
        });
        if (reply.status === 200) acked.push(id);
      } catch {
        return; // the collector is gone
      }
    }
  };
  return Promise.all(Array.from({ length: workers }, (_, w) => loop(w))).then(() => acked);
}

function dumpLines(out: string): { text: string; name: string } {
  const names = readdirSync(out).filter((name) => name.startsWith("events-"));
  expect(names).toHaveLength(1);
  const name = names[0] as string;
  return { text: readFileSync(join(out, name), "utf8"), name };
}

describe("collect (bin): an out-dir it cannot make", () => {
  it.each([["/proc/teltel-events-test/out"], ["/proc/teltel-events-test"]])(
    "--out-dir %s: one sentence and exit 2 at once (mkdir -p loops under /proc)",
    { timeout: 20_000 },
    async (out) => {
      const { child, stderr: readStderr, exited } = launchCollect(out);
      // A collector that spins is killed after 5 s (a loaded machine starts node in well under that): the exit
      // code is then null, not 2.
      const killer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      const { code } = await exited;
      clearTimeout(killer);
      const stderr = readStderr();
      expect(code).toBe(2);
      expect(stderr).toMatch(
        /^teltel-events: cannot create the directory \/proc\/teltel-events-test[^\n]*\.\n$/,
      );
      expect(stderr).not.toMatch(/\bE[A-Z]{3,}\b/);
    },
  );
});

describe("collect (bin)", () => {
  it("SIGTERM under load: every acknowledged event is in the dump, exit 0", { timeout: 60_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), "teltel-e2e-collect-"));
    const out = join(dir, "out");
    const running = await spawnCollect(out);
    const sending = load(running.base, 8, () => false);
    await waitFor(
      async () => {
        const health = JSON.parse((await send(`${running.base}/healthz`)).body);
        return health.accepted >= 200;
      },
      30_000,
      "200 events",
    );
    running.child.kill("SIGTERM");
    const acked = await sending;
    expect(await running.exited).toEqual({ code: 0, signal: null });
    const { text } = dumpLines(out);
    const ids = new Set(
      text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => JSON.parse(l).id as string),
    );
    expect(acked.length).toBeGreaterThanOrEqual(200);
    for (const id of acked) expect(ids.has(id)).toBe(true);
    expect(text.endsWith("\n")).toBe(true);
    expect(running.stderr()).toMatch(/stopped: \d+ events? accepted/);
  });

  it("SIGKILL under load: every acknowledged event is a complete line; a restart ends a partial one; analyze reads it", {
    timeout: 90_000,
  }, async () => {
    dir = mkdtempSync(join(tmpdir(), "teltel-e2e-crash-"));
    const out = join(dir, "out");
    const running = await spawnCollect(out);
    const sending = load(running.base, 16, () => false);
    await waitFor(
      async () => JSON.parse((await send(`${running.base}/healthz`)).body).accepted >= 500,
      30_000,
      "500 events",
    );
    running.child.kill("SIGKILL");
    const acked = await sending;
    expect((await running.exited).signal).toBe("SIGKILL");
    expect(acked.length).toBeGreaterThanOrEqual(500);
    const { text, name } = dumpLines(out);
    const lines = text.split("\n");
    const last = lines.pop() as string; // "" when the file ends with a newline, else the partial line
    const ids = new Set(lines.map((line) => JSON.parse(line).id as string)); // every line before is whole JSON
    for (const id of acked) expect(ids.has(id), `acknowledged ${id}`).toBe(true);
    // A partial last line was never acknowledged.
    for (const id of acked) expect(last.includes(`"id":"${id}"`)).toBe(false);

    // The killed collector's lock is left behind, naming a process that is gone: the restart takes it over.
    expect(JSON.parse(readFileSync(join(out, "collect.lock"), "utf8")).pid).toBe(running.child.pid);
    // Restart on the same directory: a partial last line is ended, the next event is a line of its own.
    const AFTER = JSON.stringify({
      ...START,
      id: "after-restart",
      session_id: "s-after",
      call_id: "c-after",
    });
    const again = await spawnCollect(out);
    const reply = await send(`${again.base}/events`, {
      method: "POST",
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: AFTER,
    });
    expect(reply.status).toBe(200);
    // While it runs, a second collector on the directory is refused.
    const second = await runBin(["collect", "--out-dir", out, "--listen", "127.0.0.1:0"], {
      env: { TELTEL_EVENTS_TOKEN: TOKEN },
    });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`another collector (pid ${again.child.pid}, since `);
    again.child.kill("SIGTERM");
    expect((await again.exited).code).toBe(0);
    const after = readFileSync(join(out, name), "utf8");
    expect(after.endsWith(`\n${AFTER}\n`)).toBe(true);
    expect(again.stderr().includes("the last line had no line ending")).toBe(last !== "");

    const report = await runBin(["analyze", "--format", "json", join(out, name)]);
    expect(report.code).toBe(0);
    const input = JSON.parse(report.stdout).input;
    // Every line is a valid event (each its own START-only session), except at most the one partial line.
    expect(input.invalid).toBe(last === "" ? 0 : 1);
    expect(input.events).toBe(lines.length + 1);
    expect(input.events).toBeGreaterThanOrEqual(acked.length + 1);
  });
});
