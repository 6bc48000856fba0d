// Times one command as a whole child process: wall seconds, CPU seconds and peak RSS, plus a plain-text table.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync } from "node:fs";

const GNU_TIME = "/usr/bin/time";

/**
 * How peak RSS is measured here: GNU time's %M (the largest resident set of the child and of everything it
 * waited for, i.e. a whole `sh -c 'a | b'` pipeline) when /usr/bin/time works, else polling VmHWM in
 * /proc/PID/status of the direct child every 10 ms (a lower bound; pipelines then report only the shell).
 * @returns {"gnu-time" | "proc-poll"}
 */
export function rssMethod() {
  const probe = spawnSync(GNU_TIME, ["-f", "%M", "true"], { encoding: "utf8" });
  return probe.status === 0 && /^\d+\s*$/.test(probe.stderr) ? "gnu-time" : "proc-poll";
}

/**
 * Runs `argv` (stdout to `stdoutFile`, stderr kept) and measures it.
 * @param {string[]} argv the command and its arguments
 * @param {{ stdoutFile: string, method: "gnu-time" | "proc-poll", env?: NodeJS.ProcessEnv }} options
 * @returns {Promise<{ wall: number, cpu: number | null, rssKb: number | null, code: number | null, stderr: string }>}
 */
export async function measure(argv, { stdoutFile, method, env = process.env }) {
  const timeFile = `${stdoutFile}.time`;
  const command = method === "gnu-time" ? [GNU_TIME, "-f", "%U %S %M", "-o", timeFile, "--", ...argv] : argv;
  const out = openSync(stdoutFile, "w");
  const started = process.hrtime.bigint();
  const child = spawn(command[0], command.slice(1), { stdio: ["ignore", out, "pipe"], env });
  closeSync(out);
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text) => {
    if (stderr.length < 20_000) stderr += text;
  });
  let polledKb = 0;
  const poll =
    method === "proc-poll"
      ? setInterval(() => {
          polledKb = Math.max(polledKb, vmHwmKb(child.pid) ?? 0);
        }, 10)
      : undefined;
  const code = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (status) => resolve(status));
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (poll !== undefined) clearInterval(poll);
  if (method === "proc-poll") return { wall, cpu: null, rssKb: polledKb || null, code, stderr };
  const [user, system, rss] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-3).map(Number);
  rmSync(timeFile, { force: true });
  // GNU time prints "Command exited with non-zero status N" before the figures; the status is the child's.
  return { wall, cpu: user + system, rssKb: rss, code, stderr };
}

function vmHwmKb(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const NUMERIC = /^(-|[-+]?[\d.,]+\s?[a-zA-Z%×]{0,3})$/;

/**
 * Renders rows as an aligned plain-text table; columns of numbers are right-aligned.
 * @param {string[]} headers
 * @param {(string | number)[][]} rows
 */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)));
  const numeric = headers.map((_, i) => rows.every((row) => NUMERIC.test(String(row[i] ?? "-"))));
  const line = (row) =>
    row
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join("\n");
}
