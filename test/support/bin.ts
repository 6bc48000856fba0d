// Test support: the built bin as a child process (run from the repo root with NO_COLOR=1), and report helpers.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The bin, relative to ROOT. */
export const BIN = "bin/teltel-events.js";

/** What a run of the bin printed, and its exit code. */
export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin with `args`; stdin gets `input` (or EOF); `env` adds to (or, with undefined, removes from) the environment. */
export function runBin(
  args: string[],
  options: { input?: Buffer | string; env?: Record<string, string | undefined> } = {},
): Promise<BinRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, NO_COLOR: "1", ...options.env })) {
    if (value !== undefined) env[key] = value;
  }
  return new Promise<BinRun>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    // A child that exits before reading its stdin (a usage error) must not fail the test with EPIPE.
    child.stdin.on("error", () => {});
    child.stdin.end(options.input ?? "");
  });
}

/** All ten RINGRESULT states in report order, written out here so tests do not take them from src. */
export const RING_STATES = [
  "ANSWER",
  "BUSY",
  "NOANSWER",
  "CANCEL",
  "CONGESTION",
  "CHANUNAVAIL",
  "DONTCALL",
  "TORTURE",
  "INVALIDARGS",
  "ABORT",
];

/** All ten RINGRESULT states, zero unless given. */
export function states(counts: Record<string, number> = {}): Record<string, number> {
  return Object.fromEntries(RING_STATES.map((s) => [s, counts[s] ?? 0]));
}
