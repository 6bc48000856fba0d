// The README's quick start in a fresh clone: the build, then `npm link`, which puts `teltel-events` on the
// PATH as every example of the README types it — and `npx teltel-events` from the clone, the way without it.
// Offline: the clone borrows this checkout's node_modules (standing in for `npm ci`, which needs the
// registry), and `npm link` writes into a temporary global prefix, not the machine's.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/bin.js";

const TIMEOUT = 240_000;
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const tmp = mkdtempSync(join(tmpdir(), "teltel-clone-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const CLONE = join(tmp, "teltel-events");
const PREFIX = join(tmp, "prefix");

/** Runs a command; its output, and a failure that says what ran when it did not exit 0. */
function sh(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const result = spawnSync(command, args, { ...options, encoding: "utf8", maxBuffer: 1 << 26 });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(" ")} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  return result.stdout;
}

describe("a fresh clone", { timeout: TIMEOUT }, () => {
  it("npm link puts teltel-events on the PATH; npx teltel-events works in the clone without it", () => {
    sh("git", ["clone", "--quiet", ROOT, CLONE], { cwd: tmp });
    symlinkSync(join(ROOT, "node_modules"), join(CLONE, "node_modules"), "dir");
    const npmEnv: NodeJS.ProcessEnv = {
      ...process.env,
      npm_config_prefix: PREFIX,
      npm_config_offline: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
    };
    // The quick start's commands as the README gives them, but `npm ci` (the borrowed node_modules stand in
    // for its install; its `prepare`, the build, is run as such) and `npm test` (this suite). `npm link` links
    // the clone's bin into PREFIX/bin.
    const readme = readFileSync(join(CLONE, "README.md"), "utf8");
    // The quick start's block, then the block that puts the bin on the PATH right after it.
    const section = readme.slice(readme.indexOf("## Quick start\n"), readme.indexOf("\n## Contents\n"));
    const commands = [...section.matchAll(/```sh\n([^`]*)```/g)]
      .map((block) => block[1])
      .join("")
      .split("\n")
      .flatMap((line) => line.split(" && "))
      .map((command) => command.trim())
      .filter((command) => command !== "" && command !== "npm test")
      .map((command) => (command === "npm ci" ? "npm run build" : command));
    expect(commands).toContain("npm link");
    for (const command of commands) sh("sh", ["-c", command], { cwd: CLONE, env: npmEnv });
    const path = { ...process.env, PATH: `${join(PREFIX, "bin")}${delimiter}${process.env.PATH ?? ""}` };
    // From anywhere, as the README's examples type it.
    expect(sh("teltel-events", ["--version"], { cwd: tmp, env: path })).toBe(`${VERSION}\n`);
    const report = JSON.parse(
      sh("teltel-events", ["analyze", "--format", "json", join(CLONE, "samples", "mixed-day.ndjson")], {
        cwd: tmp,
        env: path,
      }),
    );
    expect([report.calls.total, report.sessions.total]).toEqual([37, 38]);
    // The quick start's first command, and npx from the clone (no install, no registry).
    expect(
      sh("node", ["bin/teltel-events.js", "analyze", "samples/mixed-day.ndjson"], { cwd: CLONE }),
    ).toContain("ASR (answered / calls)");
    expect(sh("npx", ["--no-install", "teltel-events", "--version"], { cwd: CLONE, env: npmEnv })).toBe(
      `${VERSION}\n`,
    );
  });
});
