// The bench's printed output: the timing table of the paired rounds, RSS growth, analyze's figures and the
// DuckDB peer's checked against the truth, the runs that must give identical reports, the START-only run.
import { table } from "./measure.mjs";

/**
 * A dump size for people: 1000000 -> "1M", 100000 -> "100k".
 * @param {number} n
 */
export function sizeLabel(n) {
  if (n >= 1e6 && n % 1e5 === 0) return `${n / 1e6}M`;
  return n >= 1e3 && n % 100 === 0 ? `${n / 1e3}k` : String(n);
}

/** Every figure of the truth (meta aside) as [dotted path, value]. */
function figures(truth, prefix = "") {
  return Object.entries(truth).flatMap(([key, value]) => {
    if (prefix === "" && key === "meta") return [];
    const path = prefix === "" ? key : `${prefix}.${key}`;
    return value !== null && typeof value === "object" ? figures(value, path) : [[path, value]];
  });
}

const at = (obj, path) => path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), obj);

/**
 * Each truth figure beside the same figure of an analyze JSON report (`stdout`), plus the accounting
 * identity; an empty map when `stdout` is not a JSON report.
 * @returns {Map<string, { want: unknown, got: unknown }>}
 */
export function compareReport(truth, stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return new Map();
  }
  const rows = new Map(figures(truth).map(([path, want]) => [path, { want, got: at(report, path) }]));
  const i = report.input ?? {};
  const sum = i.blank + i.events + i.invalid + i.duplicates + i.late;
  rows.set("identity: lines = blank+events+invalid+duplicates+late", { want: i.lines, got: sum });
  return rows;
}

const fmt = (x, digits = 1) => (x === null || x === undefined ? "-" : x.toFixed(digits));

/**
 * One row per variant and size, from the paired rounds: threads, median wall (and its min-max) and CPU
 * seconds, MB/s at the median wall, median peak RSS, and the medians of the per-round ratios to the floor.
 * @param {{ n: number, name: string, threads?: string, bytes: number, wall: number | null, wallMin: number | null, wallMax: number | null, cpu: number | null, rssKb: number | null, wallRatio: number | null, cpuRatio: number | null, codes: (number | null)[] }[]} rows
 */
export function timingTable(rows) {
  const headers = ["size", "row", "threads", "wall s", "min-max", "cpu s", "MB/s", "RSS MiB"];
  const cells = rows.map((r) => [
    sizeLabel(r.n),
    r.name,
    r.threads ?? "-",
    fmt(r.wall, 2),
    r.wallMin === null ? "-" : `${fmt(r.wallMin, 2)}-${fmt(r.wallMax, 2)}`,
    fmt(r.cpu, 2),
    fmt(r.wall ? r.bytes / 1e6 / r.wall : null),
    fmt(r.rssKb === null ? null : r.rssKb / 1024),
    fmt(r.wallRatio, 2),
    fmt(r.cpuRatio, 2),
    r.codes.join(","),
  ]);
  return table([...headers, "× floor wall", "× floor cpu", "exit"], cells);
}

/** Median peak RSS at the largest size over that at the smallest, per row: 1.00 means flat memory. */
export function rssRatios(results, sizes) {
  const [lo, hi] = [Math.min(...sizes), Math.max(...sizes)];
  const ratios = [...new Set(results.map((r) => r.name))].map((name) => {
    const get = (n) => results.find((r) => r.n === n && r.name === name)?.rssKb;
    return `${name} ${fmt(get(hi) && get(lo) ? get(hi) / get(lo) : null, 3)}`;
  });
  return `RSS(${sizeLabel(hi)})/RSS(${sizeLabel(lo)}): ${ratios.join(", ")}`;
}

/**
 * PASS/FAIL per figure: a table for the default analyze run (columns per size), then one verdict line per
 * other analyze run (e.g. --threads 1) with only its mismatches listed.
 * @param {Map<string, Map<string, { want: unknown, got: unknown }>>} checks keyed "tool|size"
 * @param {number[]} sizes
 */
export function checkReport(checks, sizes) {
  const main = (n) => checks.get(`analyze|${n}`) ?? new Map();
  const paths = [...main(sizes[0]).keys()];
  const rows = paths.map((path) => [
    path,
    ...sizes.flatMap((n) => {
      const row = main(n).get(path);
      if (row === undefined) return ["-", "-", "FAIL"];
      return [String(row.want), String(row.got), row.want === row.got ? "PASS" : "FAIL"];
    }),
  ]);
  const headers = ["figure", ...sizes.flatMap((n) => [`${sizeLabel(n)} truth`, "analyze", ""])];
  const lines = [rows.length > 0 ? table(headers, rows) : "analyze: no JSON report"];
  for (const [key, rows] of checks) {
    const [name, n] = key.split("|");
    if (name === "analyze") continue;
    const bad = [...rows].filter(([, row]) => row.want !== row.got);
    const verdict = bad.length === 0 && rows.size > 0 ? `PASS (all ${rows.size} figures)` : "FAIL";
    lines.push(`${name}, ${sizeLabel(Number(n))}: ${verdict}`);
    for (const [path, row] of bad) lines.push(`  FAIL ${path}: truth ${row.want}, analyze ${row.got}`);
  }
  return lines.join("\n");
}

/**
 * Where two JSON values differ, as dotted paths (at most `limit`); an empty list when they are equal.
 * @param {unknown} a
 * @param {unknown} b
 */
export function jsonDiff(a, b, limit = 5, path = "") {
  if (Object.is(a, b)) return [];
  const isObj = (v) => v !== null && typeof v === "object";
  if (!isObj(a) || !isObj(b) || Array.isArray(a) !== Array.isArray(b)) {
    return [`${path || "(whole)"}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`];
  }
  const out = [];
  const keys = Array.isArray(a)
    ? [...Array(Math.max(a.length, b.length)).keys()]
    : [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const key of keys) {
    if (out.length >= limit) break;
    out.push(...jsonDiff(a[key], b[key], limit - out.length, path === "" ? String(key) : `${path}.${key}`));
  }
  return out;
}

/**
 * Checks that every run of a group printed the same JSON as the group's first run (the reports hold no time
 * of day or duration, so they are compared whole). One line per run; `ok` false on any difference or a run
 * without a JSON report.
 * @param {string} label e.g. "analyze, 1M"
 * @param {{ tool: string, stdout: string }[]} runs the first one is the reference
 */
export function sameReports(label, runs) {
  const parse = (text) => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const [first, ...rest] = runs;
  const base = parse(first.stdout);
  if (base === undefined) return { ok: false, text: `FAIL ${label}: ${first.tool} printed no JSON report` };
  let ok = true;
  const lines = [];
  for (const run of rest) {
    const other = parse(run.stdout);
    if (other === undefined) {
      ok = false;
      lines.push(`  FAIL ${run.tool}: no JSON report`);
      continue;
    }
    const diff = run.stdout === first.stdout ? [] : jsonDiff(base, other);
    // Same values, other bytes (key order, spacing) still counts as a difference: the output must be identical.
    if (diff.length === 0 && run.stdout !== first.stdout) diff.push("same values, different bytes");
    if (diff.length > 0) ok = false;
    lines.push(`  ${diff.length === 0 ? "same" : "DIFFERENT"}: ${run.tool}`);
    for (const d of diff) lines.push(`    ${first.tool} vs ${run.tool}: ${d}`);
  }
  const names = runs.map((r) => r.tool).join(", ");
  const head = `${ok ? "PASS" : "FAIL"} ${label}: ${ok ? "identical JSON from" : "reports differ among"} ${names}`;
  return { ok, text: [head, ...(ok ? [] : lines)].join("\n") };
}

/**
 * The START-only memory runs: one row per variant (medians over the rounds), no floor.
 * @param {{ n: number, name: string, threads?: string, bytes: number, wall: number | null, cpu: number | null, rssKb: number | null, codes: (number | null)[] }[]} results
 */
export function startsTable(results) {
  const rows = results.map((r) => [
    sizeLabel(r.n),
    r.name,
    r.threads ?? "-",
    fmt(r.bytes / 1e6),
    fmt(r.wall, 2),
    fmt(r.cpu, 2),
    fmt(r.rssKb === null ? null : r.rssKb / 1024),
    fmt(r.rssKb === null ? null : (r.rssKb * 1024) / 1e6),
    r.codes.join(","),
  ]);
  return table(["sessions", "row", "threads", "MB", "wall s", "cpu s", "RSS MiB", "RSS MB", "exit"], rows);
}

/**
 * The DuckDB peer's answer (duck.mjs's JSON) against the truth, on every figure both hold; `ok` false when one
 * differs, when the peer printed no JSON, or when no figure corresponds.
 * @param {object} truth
 * @param {string} stdout
 */
export function duckCheck(truth, stdout) {
  let answer;
  try {
    answer = JSON.parse(stdout);
  } catch {
    return { ok: false, text: "FAIL DuckDB peer: no JSON answer" };
  }
  const want = new Map(figures(truth));
  const both = figures(answer).filter(([path]) => want.has(path));
  const bad = both.filter(([path, got]) => want.get(path) !== got);
  const ok = both.length > 0 && bad.length === 0;
  const head = ok
    ? `PASS DuckDB peer: all ${both.length} figures it shares with the truth`
    : `FAIL DuckDB peer: ${bad.length} of ${both.length} shared figures differ from the truth`;
  const lines = bad.slice(0, 10).map(([path, got]) => `  ${path}: truth ${want.get(path)}, DuckDB ${got}`);
  return { ok, text: [head, ...lines].join("\n") };
}
