// Times a list of rows in paired rounds as whole child processes, with progress on stderr, and keeps what the
// rows that are checked printed.
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { measure } from "./measure.mjs";
import { runRounds, summarize } from "./rounds.mjs";

const slug = (name) => name.replace(/[^a-zA-Z0-9]+/g, "-");

/**
 * Runs every variant once per round (after the warm-up rounds) and summarises them against the row named
 * "floor", if any. `outputs` holds each row's runs (a kept row's stdout with them), in round order; `loads` the
 * one-minute load average before each measured run.
 * @param {{ name: string, argv: string[], env?: object, keep?: boolean }[]} variants
 * @param {{ rounds: number, warmup: number, out: string, method: "gnu-time" | "proc-poll", env: object, label: string }} o
 */
export async function timeRounds(variants, { rounds, warmup, out, method, env, label }) {
  const total = (rounds + warmup) * variants.length;
  let done = 0;
  let spent = 0;
  // The time left: each row's runs to come at its last wall time (the mean of all runs for a row not yet run).
  const last = new Map();
  const loads = [];
  const left = () => {
    const mean = spent / done;
    const perRound = variants.reduce((sum, v) => sum + (last.get(v.name) ?? mean), 0);
    const roundsLeft = Math.floor((total - done) / variants.length);
    const inRound = total - done - roundsLeft * variants.length;
    return roundsLeft * perRound + inRound * (perRound / variants.length);
  };
  const measured = await runRounds(variants, {
    rounds,
    warmup,
    run: async (v, round) => {
      const stdoutFile = join(out, `last-${slug(v.name)}.out`);
      if (round >= 0) loads.push(loadavg()[0] ?? 0);
      const m = await measure(v.argv, { stdoutFile, method, env: { ...env, ...v.env } });
      done += 1;
      spent += m.wall;
      last.set(v.name, m.wall);
      const tag = round < 0 ? "warm-up" : `round ${round + 1}/${rounds}`;
      const rss = m.rssKb === null ? "-" : (m.rssKb / 1024).toFixed(0);
      const cpu = m.cpu === null ? "-" : m.cpu.toFixed(2);
      process.stderr.write(
        `[${label} ${tag} ${done}/${total}] ${v.name}: wall ${m.wall.toFixed(2)} s, cpu ${cpu} s, ` +
          `RSS ${rss} MiB, exit ${m.code}; ~${Math.ceil(left())} s left\n`,
      );
      if (m.code !== 0 && m.stderr !== "") process.stderr.write(`  stderr: ${m.stderr.slice(0, 500)}\n`);
      return { ...m, stdout: v.keep ? readFileSync(stdoutFile, "utf8") : "" };
    },
  });
  const samples = measured.map(({ variant, round, result }) => ({ name: variant.name, round, ...result }));
  const names = variants.map((v) => v.name);
  const floor = names.includes("floor") ? "floor" : undefined;
  const outputs = new Map(names.map((name) => [name, samples.filter((s) => s.name === name)]));
  return { summaries: summarize(names, samples, floor), outputs, loads };
}
