// npm run bench: generates (cached) dumps, times analyze (default threads, --threads 1, 2 and 3, and the
// reference path with TELTEL_EVENTS_FAST_PATH=0), validate (fast and reference path, if present), the floor and
// jq side by side as whole child processes; checks every analyze figure against the generator's truth, and
// that all analyze runs (and both validate runs) print identical JSON. Then the START-only memory run
// (sessions.mjs), the collector under load (collect.mjs: autocannon, 50 connections, 10 s, and analyze on its
// dump), and the targets of issue #14, met or not. Exits 1 on a wrong or differing figure, never on a target.
// Flags: --sizes 1e6,4e6 | --quick (100k) | --dirty [--no-skew] | --seed N | --runs N (best of N) | --bin PATH
// | --parquet (also times export --format parquet, per call and per event, and prints the files' sizes)
//        | --collect-only (only the collector run) | --no-collect (no collector run)
//        | --no-sessions (no START-only run)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { benchCollect } from "./collect.mjs";
import {
  BAD_KINDS,
  BAD_KINDS_NO_SKEW,
  CLEAN,
  DIRTY,
  generateDump,
  sourceHash,
  writeTruth,
} from "./generate.mjs";
import { measure, rssMethod } from "./measure.mjs";
import {
  checkReport,
  compareReport,
  rssRatios,
  sameReports,
  sizeLabel,
  startsTable,
  targetsTable,
  timingTable,
} from "./report.mjs";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const OUT = join(ROOT, "test/bench/out");
const { values: flags } = parseArgs({
  options: {
    sizes: { type: "string", default: "1e6,4e6" },
    quick: { type: "boolean", default: false },
    dirty: { type: "boolean", default: false },
    "no-skew": { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    runs: { type: "string", default: "1" },
    bin: { type: "string", default: join(ROOT, "bin/teltel-events.js") },
    parquet: { type: "boolean", default: false },
    "collect-only": { type: "boolean", default: false },
    "no-collect": { type: "boolean", default: false },
    "no-sessions": { type: "boolean", default: false },
  },
});
const sizes = flags.quick ? [100_000] : flags.sizes.split(",").map(Number);
const seed = Number(flags.seed);
const runs = Math.max(1, Number(flags.runs));
if (sizes.some((n) => !Number.isSafeInteger(n) || n <= 0) || !Number.isSafeInteger(seed)) {
  process.stderr.write("run.mjs: --sizes takes whole numbers such as 1e6,4e6; --seed a whole number\n");
  process.exit(2);
}

/** The cached dump of `n` events and its truth, generated when missing or made by another generator. */
async function ensureDump(n) {
  const skew = flags["no-skew"] ? "-noskew" : "";
  const file = join(OUT, `dump-${sizeLabel(n)}-s${seed}${flags.dirty ? `-dirty${skew}` : ""}.ndjson`);
  const rates = flags.dirty ? DIRTY : CLEAN;
  const badKinds = flags["no-skew"] ? BAD_KINDS_NO_SKEW : BAD_KINDS;
  if (existsSync(file) && existsSync(`${file}.truth.json`)) {
    const truth = JSON.parse(readFileSync(`${file}.truth.json`, "utf8"));
    const s = truth.meta?.settings ?? {};
    const same =
      Object.entries({ events: n, seed, ...rates }).every(([k, v]) => s[k] === v) &&
      JSON.stringify(s.badKinds) === JSON.stringify(badKinds);
    if (same && truth.meta.sourceHash === sourceHash() && statSync(file).size === truth.meta.bytes)
      return { file, truth };
  }
  mkdirSync(OUT, { recursive: true });
  process.stdout.write(`generating ${file} ... `);
  const started = Date.now();
  const truth = await generateDump({ events: n, seed, out: file, badKinds, ...rates });
  await writeTruth(file, truth);
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return { file, truth };
}

const run = (argv) => spawnSync(argv[0], argv.slice(1), { encoding: "utf8" });
// An unknown command with --help prints the program's help and exits 0, so the usage line must name it.
const help = run([process.execPath, flags.bin, "validate", "--help"]);
const hasValidate = help.status === 0 && /Usage: \S+ validate/.test(help.stdout);
const hasJq = run(["jq", "--version"]).status === 0;
const hasThreads = /--threads/.test(run([process.execPath, flags.bin, "analyze", "--help"]).stdout);
const method = rssMethod();
// The fast path is on unless TELTEL_EVENTS_FAST_PATH=0: the rows that mean it on must not inherit a 0.
const { TELTEL_EVENTS_FAST_PATH: _, ...inherited } = process.env;
const env = { ...inherited, NO_COLOR: "1" };
const REFERENCE = { TELTEL_EVENTS_FAST_PATH: "0" };
// The CLI lowers --threads to the cores (or TELTEL_EVENTS_MAX_THREADS, when set); its default, 0, means one
// thread under 64 MiB and up to 4, one per core, above. Mirrored here only to label the rows.
const envCap = Number(env.TELTEL_EVENTS_MAX_THREADS);
const cores = Number.isSafeInteger(envCap) && envCap > 0 ? envCap : availableParallelism();
const autoThreads = (bytes) => (bytes < 64 * 1024 * 1024 ? 1 : Math.min(cores, 4));
const forced = new Set();

/** analyze or validate with --threads `threads` (0: the default), fast path on unless `reference`. */
function product(command, file, threads, reference = false) {
  const argv = [process.execPath, flags.bin, command, "--format", "json", file];
  if (threads > 0) argv.splice(3, 0, "--threads", String(threads));
  const name = `${command}${threads > 0 ? ` --threads ${threads}` : ""}${reference ? " (reference path)" : ""}`;
  const extra = reference ? { ...REFERENCE } : {};
  // More threads than cores would be lowered to the cores; raising the cap makes the row run what it says.
  if (threads > cores) {
    extra.TELTEL_EVENTS_MAX_THREADS = String(threads);
    forced.add(
      `${name}: run with TELTEL_EVENTS_MAX_THREADS=${threads}, more threads than the ${cores} cores`,
    );
  }
  const shown = threads > 0 ? String(threads) : `auto ${autoThreads(statSync(file).size)}`;
  return { name, argv, env: extra, threads: shown, keep: true, group: command };
}

function tools(file) {
  const list = [
    { name: "floor", argv: [process.execPath, join(ROOT, "test/bench/floor.mjs"), file] },
    { ...product("analyze", file, 0), check: true },
  ];
  // The default may use worker threads; every thread count, and the reference path (JSON.parse, normalize,
  // ajv) instead of the byte-level fast path, must give the same report.
  if (hasThreads)
    for (const threads of [1, 2, 3]) list.push({ ...product("analyze", file, threads), check: true });
  list.push({ ...product("analyze", file, 0, true), check: true });
  if (hasValidate) list.push(product("validate", file, 0), product("validate", file, 0, true));
  // Dirty dumps have lines jq cannot parse; -R with fromjson? skips them as the floor does.
  const filter = flags.dirty
    ? `-cR 'fromjson? | select(type == "object" and .event)'`
    : `-c 'select(.event)'`;
  if (hasJq) list.push({ name: "jq | wc -l", argv: ["sh", "-c", `jq ${filter} "$0" | wc -l`, file] });
  if (flags.parquet) {
    for (const [name, extra] of [
      ["export parquet", []],
      ["export --events parquet", ["--events"]],
    ]) {
      const output = join(OUT, `last-${name.replace(/[^a-z0-9]+/g, "-")}.parquet`);
      const argv = [
        process.execPath,
        flags.bin,
        "export",
        ...extra,
        "--format",
        "parquet",
        "-o",
        output,
        file,
      ];
      list.push({ name, argv, output });
    }
  }
  return list;
}

async function warm(file) {
  for await (const _ of createReadStream(file, { highWaterMark: 1 << 22 }));
}

const results = [];
const checks = new Map();
const outputs = [];
let failed = false;
/** undefined until two runs are compared; false once any two that must agree do not. */
let identical;
const load = loadavg()[0] ?? 0;
console.log(
  `teltel-events bench: node ${process.version}, ${cpus().length} CPUs, load ${load.toFixed(2)}, peak RSS by ${method}, best of ${runs} run(s)`,
);
if (load > 0.5)
  console.log("note: the machine is busy; wall times may be noisy (compare cpu s, or use --runs 3)");
if (!hasValidate) console.log("validate: not available (validate --help failed), skipped");
if (!hasJq) console.log("jq: not installed, skipped");
for (const n of flags["collect-only"] ? [] : sizes) {
  const { file, truth } = await ensureDump(n);
  await warm(file);
  const bytes = statSync(file).size;
  for (const tool of tools(file)) {
    let best;
    for (let i = 0; i < runs; i += 1) {
      const stdoutFile = join(OUT, `last-${tool.name.replace(/[^a-z0-9]+/g, "-")}.out`);
      const m = await measure(tool.argv, { stdoutFile, method, env: { ...env, ...tool.env } });
      if (best === undefined || m.wall < best.wall)
        best = { ...m, stdout: tool.keep ? readFileSync(stdoutFile, "utf8") : "" };
    }
    const threads = tool.threads ?? "-";
    results.push({
      n,
      tool: tool.name,
      threads,
      group: tool.group,
      bytes,
      lines: truth.input.lines,
      ...best,
    });
    if (tool.output !== undefined) {
      if (best.code !== 0) failed = true;
      outputs.push(
        `${tool.name}, ${sizeLabel(n)} events: exit ${best.code}, ${statSync(tool.output).size} bytes`,
      );
    }
    if (tool.check) checks.set(`${tool.name}|${n}`, check(truth, best, tool.name));
  }
}

/** Every group (analyze, validate) of one size must print identical JSON; its first run is the reference. */
function sameWithin(n) {
  const texts = [];
  for (const group of ["analyze", "validate"]) {
    const runs = results.filter((r) => r.n === n && r.group === group);
    if (runs.length < 2) continue;
    const same = sameReports(`${group}, ${sizeLabel(n)}`, runs);
    identical = (identical ?? true) && same.ok;
    if (!same.ok) failed = true;
    texts.push(same.text);
  }
  return texts;
}

/**
 * The START-only memory dump of `n` sessions (sessions.mjs starts), cached in out/ and rebuilt when
 * sessions.mjs changes; written to a temporary name first so an interrupted run leaves nothing to reuse.
 */
function ensureStarts(n) {
  const script = join(ROOT, "test/bench/sessions.mjs");
  const hash = createHash("sha256").update(readFileSync(script)).digest("hex").slice(0, 16);
  const file = join(OUT, `starts-${sizeLabel(n)}.ndjson`);
  const meta = `${file}.meta.json`;
  if (existsSync(file) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, "utf8"));
    if (m.sessions === n && m.sourceHash === hash && statSync(file).size === m.bytes) return file;
  }
  mkdirSync(OUT, { recursive: true });
  process.stdout.write(`generating ${file} ... `);
  const started = Date.now();
  const tmp = `${file}.tmp`;
  const made = run([process.execPath, script, "starts", String(n), tmp]);
  if (made.status !== 0) throw new Error(`sessions.mjs starts ${n} failed:\n${made.stderr}`);
  renameSync(tmp, file);
  writeFileSync(meta, `${JSON.stringify({ sessions: n, sourceHash: hash, bytes: statSync(file).size })}\n`);
  process.stdout.write(`${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return file;
}

/**
 * analyze --format json on `n` sessions holding only a START, with --threads 1 and the default threads: peak
 * RSS for the 400 MB target; the reports must agree and count n events in n incomplete sessions.
 */
async function startsRun(n) {
  const file = ensureStarts(n);
  await warm(file);
  const bytes = statSync(file).size;
  const list = [...(hasThreads ? [product("analyze", file, 1)] : []), product("analyze", file, 0)];
  const rows = [];
  const notes = [];
  for (const tool of list) {
    let best;
    for (let i = 0; i < runs; i += 1) {
      const stdoutFile = join(OUT, `last-starts-${tool.name.replace(/[^a-z0-9]+/g, "-")}.out`);
      const m = await measure(tool.argv, { stdoutFile, method, env: { ...env, ...tool.env } });
      if (best === undefined || m.wall < best.wall) best = { ...m, stdout: readFileSync(stdoutFile, "utf8") };
    }
    rows.push({ n, tool: tool.name, threads: tool.threads, bytes, ...best });
    let report;
    try {
      report = JSON.parse(best.stdout);
    } catch {
      report = undefined;
    }
    const want = { "input.events": n, "sessions.total": n, "sessions.incomplete": n, "sessions.complete": 0 };
    const wrong =
      report === undefined
        ? [`exit ${best.code}, no JSON report: ${best.stderr.slice(0, 500)}`]
        : Object.entries(want)
            .map(([path, value]) => [path, value, path.split(".").reduce((o, k) => o?.[k], report)])
            .filter(([, value, got]) => value !== got)
            .map(([path, value, got]) => `${path} ${got}, want ${value}`);
    if (best.code !== 0) wrong.push(`exit ${best.code}`);
    if (wrong.length > 0) failed = true;
    notes.push(
      `${wrong.length === 0 ? "PASS" : "FAIL"} ${tool.name}: ${wrong.length === 0 ? `${n} events, ${n} incomplete sessions` : wrong.join("; ")}`,
    );
  }
  if (rows.length > 1) {
    const same = sameReports(`analyze, ${sizeLabel(n)} START-only`, rows);
    identical = (identical ?? true) && same.ok;
    if (!same.ok) failed = true;
    notes.push(same.text);
  }
  return { rows, text: `${startsTable(rows)}\n\n${notes.join("\n")}` };
}

function check(truth, result, name) {
  const rows = compareReport(truth, result.stdout);
  if (rows.size === 0)
    console.log(`${name} exited ${result.code} without a JSON report:\n${result.stderr.slice(0, 2000)}`);
  if (rows.size === 0 || result.code !== 0 || [...rows.values()].some((r) => r.want !== r.got)) failed = true;
  return rows;
}

if (!flags["collect-only"]) {
  console.log(`\n${timingTable(results)}`);
  const autos = sizes.map(
    (n) => `${autoThreads(results.find((r) => r.n === n)?.bytes ?? 0)} at ${sizeLabel(n)}`,
  );
  console.log(
    `\nthreads "auto N": the default --threads 0 (one thread under 64 MiB, else up to 4, one per core): ${autos.join(", ")}`,
  );
  for (const note of forced) console.log(note);
  if (outputs.length > 0) console.log(`\n${outputs.join("\n")}`);
  if (sizes.length > 1) console.log(`\n${rssRatios(results, sizes)}`);
  console.log(`\nanalyze --format json vs generator truth${flags.dirty ? " (dirty dumps)" : ""}:\n`);
  console.log(checkReport(checks, sizes));
  const truthFailed = failed;
  console.log(
    "\nthe same report from every run (JSON compared whole; it holds no time of day or duration):\n",
  );
  for (const n of sizes) {
    const texts = sameWithin(n);
    if (texts.length > 0) console.log(texts.join("\n"));
  }
  const verdicts = [
    truthFailed ? "FAIL: analyze disagrees with the truth" : "PASS: every figure matches the truth",
    identical === false
      ? "FAIL: runs that must agree printed different reports"
      : identical
        ? "PASS: identical reports"
        : "(no two runs to compare)",
  ];
  console.log(`\n${verdicts.join("\n")}`);
}
const startsN = flags["collect-only"] || flags["no-sessions"] ? undefined : flags.quick ? 100_000 : 1_000_000;
let starts = [];
if (startsN !== undefined) {
  console.log(`\nSTART-only: ${sizeLabel(startsN)} sessions holding only a START (sessions.mjs starts):\n`);
  const result = await startsRun(startsN);
  starts = result.rows;
  console.log(result.text);
}
const hasCollect = /Usage: \S+ collect/.test(run([process.execPath, flags.bin, "collect", "--help"]).stdout);
if (!flags["no-collect"] && hasCollect) {
  // A clean dump of 300k distinct events: more than 10 s of acknowledgements on this kind of machine.
  const { file } = await ensureDump(300_000);
  const collect = await benchCollect({ bin: flags.bin, out: OUT, source: file });
  console.log(`\n${collect.text}`);
  if (!collect.ok) failed = true;
} else if (!flags["no-collect"]) console.log("\ncollect: not available (collect --help failed), skipped");
if (!flags["collect-only"]) {
  console.log(`\n${targetsTable({ results, sizes, starts, startsN, identical })}`);
  console.log("\ntargets are reported, never failed: the run exits 1 only on wrong or differing figures");
}
if (failed) console.log("\nFAIL: see the FAIL lines above");
process.exitCode = failed ? 1 : 0;
