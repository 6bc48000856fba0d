// npm run bench: generates (cached) dumps, times analyze, validate (if present), the floor and jq side by side
// as whole child processes, and checks every analyze figure against the generator's truth. Exits 1 on a mismatch.
// Then the collector under load (collect.mjs): autocannon, 50 connections, 10 s, and analyze on its dump.
// Flags: --sizes 1e6,4e6 | --quick (100k) | --dirty [--no-skew] | --seed N | --runs N (best of N) | --bin PATH
// | --parquet (also times export --format parquet, per call and per event, and prints the files' sizes)
//        | --collect-only (only the collector run) | --no-collect (no collector run)
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  BAD_KINDS,
  BAD_KINDS_NO_SKEW,
  CLEAN,
  DIRTY,
  generateDump,
  sourceHash,
  writeTruth,
} from "./generate.mjs";
import { benchCollect } from "./collect.mjs";
import { measure, rssMethod } from "./measure.mjs";
import { checkReport, compareReport, rssRatios, sizeLabel, timingTable } from "./report.mjs";

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
const env = { ...process.env, NO_COLOR: "1" };

function tools(file) {
  const list = [
    { name: "floor", argv: [process.execPath, join(ROOT, "test/bench/floor.mjs"), file] },
    {
      name: "analyze",
      check: true,
      argv: [process.execPath, flags.bin, "analyze", "--format", "json", file],
    },
  ];
  // The default may use worker threads; one thread is the baseline they must agree with.
  if (hasThreads) {
    const argv = [process.execPath, flags.bin, "analyze", "--threads", "1", "--format", "json", file];
    list.push({ name: "analyze --threads 1", check: true, argv });
  }
  if (hasValidate)
    list.push({
      name: "validate",
      argv: [process.execPath, flags.bin, "validate", "--format", "json", file],
    });
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
      const m = await measure(tool.argv, { stdoutFile, method, env });
      if (best === undefined || m.wall < best.wall)
        best = { ...m, stdout: tool.check ? readFileSync(stdoutFile, "utf8") : "" };
    }
    results.push({ n, tool: tool.name, bytes, lines: truth.input.lines, ...best });
    if (tool.output !== undefined) {
      if (best.code !== 0) failed = true;
      outputs.push(
        `${tool.name}, ${sizeLabel(n)} events: exit ${best.code}, ${statSync(tool.output).size} bytes`,
      );
    }
    if (tool.check) checks.set(`${tool.name}|${n}`, check(truth, best, tool.name));
  }
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
  if (outputs.length > 0) console.log(`\n${outputs.join("\n")}`);
  if (sizes.length > 1) console.log(`\n${rssRatios(results, sizes)}`);
  console.log(`\nanalyze --format json vs generator truth${flags.dirty ? " (dirty dumps)" : ""}:\n`);
  console.log(checkReport(checks, sizes));
  console.log(`\n${failed ? "FAIL: analyze disagrees with the truth" : "PASS: every figure matches"}`);
}
const hasCollect = /Usage: \S+ collect/.test(run([process.execPath, flags.bin, "collect", "--help"]).stdout);
if (!flags["no-collect"] && hasCollect) {
  // A clean dump of 300k distinct events: more than 10 s of acknowledgements on this kind of machine.
  const { file } = await ensureDump(300_000);
  const collect = await benchCollect({ bin: flags.bin, out: OUT, source: file });
  console.log(`\n${collect.text}`);
  if (!collect.ok) failed = true;
} else if (!flags["no-collect"]) console.log("\ncollect: not available (collect --help failed), skipped");
process.exitCode = failed ? 1 : 0;
