// The bench's inputs and builds: the cached generated dumps with their truth, and what a build's CLI can do.
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  BAD_KINDS,
  BAD_KINDS_NO_SKEW,
  CLEAN,
  DIRTY,
  generateDump,
  sourceHash,
  writeTruth,
} from "./generate.mjs";
import { sizeLabel } from "./report.mjs";

/**
 * The cached dump of `n` events and its truth in `out`, generated when missing or made by another generator.
 * @param {number} n
 * @param {{ seed: number, dirty: boolean, noSkew: boolean, out: string }} o
 */
export async function ensureDump(n, { seed, dirty, noSkew, out }) {
  const skew = noSkew ? "-noskew" : "";
  const file = join(out, `dump-${sizeLabel(n)}-s${seed}${dirty ? `-dirty${skew}` : ""}.ndjson`);
  const rates = dirty ? DIRTY : CLEAN;
  const badKinds = noSkew ? BAD_KINDS_NO_SKEW : BAD_KINDS;
  if (existsSync(file) && existsSync(`${file}.truth.json`)) {
    const truth = JSON.parse(readFileSync(`${file}.truth.json`, "utf8"));
    const s = truth.meta?.settings ?? {};
    const same =
      Object.entries({ events: n, seed, ...rates }).every(([k, v]) => s[k] === v) &&
      JSON.stringify(s.badKinds) === JSON.stringify(badKinds);
    if (same && truth.meta.sourceHash === sourceHash() && statSync(file).size === truth.meta.bytes)
      return { file, truth };
  }
  mkdirSync(out, { recursive: true });
  process.stderr.write(`generating ${file} ... `);
  const started = Date.now();
  const truth = await generateDump({ events: n, seed, out: file, badKinds, ...rates });
  await writeTruth(file, truth);
  process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return { file, truth };
}

/**
 * What the build at `bin` can do (an unknown command with --help prints the program's help, so the usage line
 * must name the command); `suffix` names its rows.
 */
export function probeBuild(bin, suffix) {
  const usage = (command) =>
    spawnSync(process.execPath, [bin, command, "--help"], { encoding: "utf8" }).stdout ?? "";
  const hasValidate = /Usage: \S+ validate/.test(usage("validate"));
  return { bin, suffix, hasValidate, hasThreads: /--threads/.test(usage("analyze")) };
}

/** Reads `file` once, so the first timed row does not pay for the page cache. */
export async function warm(file) {
  for await (const _ of createReadStream(file, { highWaterMark: 1 << 22 }));
}
