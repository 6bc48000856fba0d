// npm run bench: generates (cached) dumps and times, in paired rounds (a warm-up round, then every row once per
// round in a rotating order), the floor, analyze and validate at default threads and --threads 1, the DuckDB
// peer and jq as whole child processes; medians, and medians of the per-round ratios to the floor. Checks every
// analyze figure and the peer's against the generator's truth, and that all analyze rows (and all validate
// rows) print identical JSON in every round. Then the START-only memory run (starts.mjs), the collector under
// load (collect.mjs) and the targets of issue #22 (targets.mjs). Exits 1 on a wrong or differing figure, never
// on a target. Flags: --sizes 1e6,4e6 | --quick (100k) | --dirty [--no-skew] | --seed N | --rounds N (3)
// | --warmup N (1) | --bin PATH (a second build: rows "analyze (B)"...) | --parquet | --engines (rows with
// TELTEL_EVENTS_ENGINE=js and =reference) | --more-threads (--threads 2 and 3) | --collect-only | --no-collect
// | --no-sessions
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchCollect } from "./collect.mjs";
import { groupsAgree, twinTable } from "./compare.mjs";
import { rssMethod } from "./measure.mjs";
import { checkReport, compareReport, duckCheck, rssRatios, sizeLabel, timingTable } from "./report.mjs";
import { median } from "./rounds.mjs";
import { ensureDump, probeBuild, warm } from "./setup.mjs";
import { startsRun } from "./starts.mjs";
import { targetsTable } from "./targets.mjs";
import { timeRounds } from "./timing.mjs";
import { benchEnv, benchVariants, productVariant } from "./variants.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "test/bench/out");
const { values: flags } = parseArgs({
  options: {
    sizes: { type: "string", default: "1e6,4e6" },
    quick: { type: "boolean", default: false },
    dirty: { type: "boolean", default: false },
    "no-skew": { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    rounds: { type: "string" },
    runs: { type: "string" },
    warmup: { type: "string", default: "1" },
    bin: { type: "string" },
    parquet: { type: "boolean", default: false },
    engines: { type: "boolean", default: false },
    "more-threads": { type: "boolean", default: false },
    "collect-only": { type: "boolean", default: false },
    "no-collect": { type: "boolean", default: false },
    "no-sessions": { type: "boolean", default: false },
  },
});
const sizes = flags.quick ? [100_000] : flags.sizes.split(",").map(Number);
const seed = Number(flags.seed);
// --runs is the old name (it meant best of N); it now gives the number of rounds too.
const rounds = Number(flags.rounds ?? flags.runs ?? 3);
const warmup = Number(flags.warmup);
const whole = (x, min) => Number.isSafeInteger(x) && x >= min;
if (
  !sizes.every((n) => whole(n, 1)) ||
  !Number.isSafeInteger(seed) ||
  !whole(rounds, 1) ||
  !whole(warmup, 0)
) {
  process.stderr.write(
    "run.mjs: --sizes takes whole numbers such as 1e6,4e6; --seed a whole number; --rounds 1 or more; --warmup 0 or more\n",
  );
  process.exit(2);
}

const dumpOptions = { seed, dirty: flags.dirty, noSkew: flags["no-skew"], out: OUT };
const run = (argv) => spawnSync(argv[0], argv.slice(1), { encoding: "utf8" });
const builds = [probeBuild(join(ROOT, "bin/teltel-events.js"), "")];
if (flags.bin !== undefined) builds.push(probeBuild(flags.bin, " (B)"));
const suffixB = flags.bin === undefined ? undefined : " (B)";
const hasJq = run(["jq", "--version"]).status === 0;
const method = rssMethod();
const env = benchEnv(process.env);
// The CLI lowers --threads to the cores (or TELTEL_EVENTS_MAX_THREADS); its default, 0, means one thread under
// 64 MiB and up to 4, one per core, above. Mirrored here only to label the rows.
const envCap = Number(env.TELTEL_EVENTS_MAX_THREADS);
const cores = Number.isSafeInteger(envCap) && envCap > 0 ? envCap : availableParallelism();
const autoThreads = (bytes) => (bytes < 64 * 1024 * 1024 ? 1 : Math.min(cores, 4));
const timing = { rounds, warmup, method, env };

const summaries = [];
const checks = new Map();
const lines = { notes: new Set(), outputs: [], same: [], duck: [], loads: [], twins: [] };
let truthOk = true;
let duckOk;
/** undefined until two runs are compared; false once any two that must agree do not. */
let identical;
const agree = (ok) => {
  identical = (identical ?? true) && ok;
};
const load = loadavg()[0] ?? 0;
console.log(
  `teltel-events bench: node ${process.version}, ${cpus().length} CPUs, load ${load.toFixed(2)}, peak RSS by ${method}, ` +
    `${warmup} warm-up round(s) then ${rounds} paired round(s) in rotating order; medians`,
);
for (const b of builds) {
  const name = b.suffix === "" ? "this build" : `B = ${b.bin}`;
  if (!b.hasValidate) console.log(`${name}: no validate (validate --help failed), its validate rows skipped`);
  if (b.suffix !== "") console.log(`rows "... (B)": ${name}`);
}
if (!hasJq) console.log("jq: not installed, skipped");
for (const n of flags["collect-only"] ? [] : sizes) {
  const { file, truth } = await ensureDump(n, dumpOptions);
  await warm(file);
  const bytes = statSync(file).size;
  const auto = String(autoThreads(bytes));
  const variants = benchVariants({ ...flags, file, root: ROOT, out: OUT, builds, hasJq, cores, auto });
  for (const v of variants) if (v.note !== undefined) lines.notes.add(v.note);
  const timed = await timeRounds(variants, { ...timing, out: OUT, label: sizeLabel(n) });
  const l = timed.loads;
  lines.loads.push(
    `${sizeLabel(n)} ${Math.min(...l).toFixed(2)}/${median(l).toFixed(2)}/${Math.max(...l).toFixed(2)}`,
  );
  if (suffixB !== undefined) lines.twins.push(twinTable(timed.outputs, suffixB, sizeLabel(n)));
  timed.summaries.forEach((s, i) => {
    summaries.push({ ...s, n, bytes, threads: variants[i].threads });
  });
  for (const v of variants) {
    const runs = timed.outputs.get(v.name);
    if (v.output !== undefined) {
      const codes = [...new Set(runs.map((r) => r.code))];
      if (codes.some((c) => c !== 0)) truthOk = false;
      lines.outputs.push(`${v.name}, ${sizeLabel(n)}: exit ${codes}, ${statSync(v.output).size} bytes`);
    }
    if (v.check === "analyze") checks.set(`${v.name}|${n}`, check(truth, runs[0], v.name));
    if (v.check === "duck" && flags.dirty)
      lines.duck.push(
        `DuckDB peer, ${sizeLabel(n)}: not compared (dirty dump: it has no retry or late semantics)`,
      );
    else if (v.check === "duck") {
      const d = duckCheck(truth, runs[0].stdout);
      duckOk = (duckOk ?? true) && d.ok;
      lines.duck.push(`${sizeLabel(n)}: ${d.text}`);
    }
    // A row must print the same in every round.
    if (v.keep && runs.some((r) => r.stdout !== runs[0].stdout)) {
      agree(false);
      lines.same.push(`FAIL ${v.name}, ${sizeLabel(n)}: different output in different rounds`);
    }
  }
  const groups = groupsAgree(variants, timed.outputs, sizeLabel(n));
  agree(groups.ok);
  lines.same.push(...groups.lines);
}

function check(truth, result, name) {
  const rows = compareReport(truth, result.stdout);
  if (rows.size === 0)
    console.log(`${name} exited ${result.code} without a JSON report:\n${result.stderr.slice(0, 2000)}`);
  if (rows.size === 0 || result.code !== 0 || [...rows.values()].some((r) => r.want !== r.got))
    truthOk = false;
  return rows;
}

if (!flags["collect-only"]) {
  console.log(`\n${timingTable(summaries)}`);
  const autos = sizes.map(
    (n) => `${autoThreads(summaries.find((r) => r.n === n)?.bytes ?? 0)} at ${sizeLabel(n)}`,
  );
  console.log(
    `\nthreads "auto N": the default --threads 0 (one thread under 64 MiB, else up to 4, one per core): ${autos.join(", ")}`,
  );
  console.log(
    "× floor: the median over rounds of the row's wall (CPU: user + sys of the process tree) over the floor's in the same round",
  );
  console.log(`load average (1 min) before the measured runs, min/median/max: ${lines.loads.join(", ")}`);
  for (const note of lines.notes) console.log(note);
  if (lines.twins.length > 0)
    console.log(
      `\nbuild B over this build, medians of per-round ratios (< 1: B is faster):\n\n${lines.twins.join("\n")}`,
    );
  if (lines.outputs.length > 0) console.log(`\n${lines.outputs.join("\n")}`);
  if (sizes.length > 1) console.log(`\n${rssRatios(summaries, sizes)}`);
  console.log(`\nanalyze --format json vs generator truth${flags.dirty ? " (dirty dumps)" : ""}:\n`);
  console.log(checkReport(checks, sizes));
  if (lines.duck.length > 0)
    console.log(`\nthe DuckDB peer (duck.mjs) vs the truth:\n${lines.duck.join("\n")}`);
  console.log(
    "\nthe same report from every run (JSON compared whole; it holds no time of day or duration):\n",
  );
  console.log(lines.same.join("\n"));
  const verdicts = [
    truthOk
      ? "PASS: every figure matches the truth"
      : "FAIL: analyze disagrees with the truth (or a row failed)",
    duckOk === false ? "FAIL: the DuckDB peer disagrees with the truth" : "",
    identical === false
      ? "FAIL: runs that must agree printed different reports"
      : identical
        ? "PASS: identical reports"
        : "(no two runs to compare)",
  ];
  console.log(`\n${verdicts.filter((v) => v !== "").join("\n")}`);
}
const startsN = flags["collect-only"] || flags["no-sessions"] ? undefined : flags.quick ? 100_000 : 1_000_000;
let starts = [];
let startsOk;
if (startsN !== undefined) {
  console.log(`\nSTART-only: ${sizeLabel(startsN)} sessions holding only a START (sessions.mjs starts):\n`);
  const makeRows = (file) =>
    [1, 0].flatMap((threads) =>
      builds
        .filter((b) => threads === 0 || b.hasThreads)
        .map((b) =>
          productVariant({
            ...b,
            command: "analyze",
            file,
            threads,
            cores,
            auto: String(autoThreads(statSync(file).size)),
          }),
        ),
    );
  const result = await startsRun(startsN, { root: ROOT, out: OUT, makeRows, timing });
  starts = result.rows;
  startsOk = result.ok;
  agree(result.identical);
  console.log(result.text);
}
const a = builds[0];
const hasCollect = /Usage: \S+ collect/.test(run([process.execPath, a.bin, "collect", "--help"]).stdout);
let collectOk = true;
if (!flags["no-collect"] && hasCollect) {
  // A clean dump of 300k distinct events: more than 10 s of acknowledgements on this kind of machine.
  const { file } = await ensureDump(300_000, dumpOptions);
  const collect = await benchCollect({ bin: a.bin, out: OUT, source: file });
  console.log(`\n${collect.text}`);
  collectOk = collect.ok;
} else if (!flags["no-collect"]) console.log("\ncollect: not available (collect --help failed), skipped");
if (!flags["collect-only"]) {
  const agreeRows = [
    { label: "every analyze figure matches the truth", ok: summaries.length > 0 ? truthOk : undefined },
    { label: "the DuckDB peer matches the truth", ok: duckOk },
    { label: "identical reports: every analyze row, every validate row, every round", ok: identical },
  ];
  console.log(`\n${targetsTable({ summaries, starts, sizes, suffixB, agree: agreeRows })}`);
  console.log("\ntargets are reported, never failed: the run exits 1 only on wrong or differing figures");
}
const failed = !truthOk || duckOk === false || identical === false || startsOk === false || !collectOk;
if (failed) console.log("\nFAIL: see the FAIL lines above");
process.exitCode = failed ? 1 : 0;
