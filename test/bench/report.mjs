// The bench's printed output: the timing table, RSS growth, analyze's figures checked against the truth, the
// runs that must give identical reports, the START-only memory run, and the targets.
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
 * One row per tool and size: threads, wall and CPU seconds, MB/s, events (lines) per second, peak RSS, ratios
 * to the floor.
 * @param {{ n: number, tool: string, threads?: string, bytes: number, lines: number, wall: number, cpu: number | null, rssKb: number | null, code: number | null }[]} results
 */
export function timingTable(results) {
  const headers = ["size", "tool", "threads", "MB", "wall s", "cpu s", "MB/s", "events/s", "RSS MiB"];
  const rows = results.map((r) => {
    const floor = results.find((f) => f.n === r.n && f.tool === "floor") ?? r;
    return [
      sizeLabel(r.n),
      r.tool,
      r.threads ?? "-",
      fmt(r.bytes / 1e6),
      fmt(r.wall, 2),
      fmt(r.cpu, 2),
      fmt(r.bytes / 1e6 / r.wall),
      Math.round(r.lines / r.wall).toLocaleString("en-US"),
      fmt(r.rssKb === null ? null : r.rssKb / 1024),
      fmt(r.wall / floor.wall, 2),
      fmt(r.rssKb && floor.rssKb ? r.rssKb / floor.rssKb : null, 2),
      r.code,
    ];
  });
  return table([...headers, "× floor time", "× floor RSS", "exit"], rows);
}

/** Peak RSS at the largest size over peak RSS at the smallest, per tool: 1.00 means flat memory. */
export function rssRatios(results, sizes) {
  const [lo, hi] = [Math.min(...sizes), Math.max(...sizes)];
  const ratios = [...new Set(results.map((r) => r.tool))].map((name) => {
    const get = (n) => results.find((r) => r.n === n && r.tool === name)?.rssKb;
    return `${name} ${fmt(get(hi) && get(lo) ? get(hi) / get(lo) : null, 2)}`;
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
 * The START-only memory runs: one row per run, no floor.
 * @param {{ n: number, tool: string, threads?: string, bytes: number, wall: number, cpu: number | null, rssKb: number | null, code: number | null }[]} results
 */
export function startsTable(results) {
  const rows = results.map((r) => [
    sizeLabel(r.n),
    r.tool,
    r.threads ?? "-",
    fmt(r.bytes / 1e6),
    fmt(r.wall, 2),
    fmt(r.cpu, 2),
    fmt(r.rssKb === null ? null : r.rssKb / 1024),
    fmt(r.rssKb === null ? null : (r.rssKb * 1024) / 1e6),
    r.code,
  ]);
  return table(["sessions", "tool", "threads", "MB", "wall s", "cpu s", "RSS MiB", "RSS MB", "exit"], rows);
}

const verdict = (ok) => (ok === undefined ? "not measured" : ok ? "met" : "not met");
const mb = (kb) => (kb * 1024) / 1e6;

/**
 * The targets of issue #14, each with the figure measured in this run and met / not met. Ratios to the floor
 * and to jq are of wall time (the table's "× floor time"); RSS targets are in MB (10^6 bytes).
 * @param {{ results: object[], sizes: number[], starts: object[], startsN: number | undefined, identical: boolean | undefined }} run
 */
export function targetsTable({ results, sizes, starts, startsN, identical }) {
  const at = sizes.includes(1e6) ? 1e6 : sizes[0];
  const get = (tool, n = at) => results.find((r) => r.n === n && r.tool === tool);
  const floor = get("floor");
  const jq = get("jq | wc -l");
  const label = sizeLabel(at);
  const rows = [];
  const add = (target, figure, ok, detail = "") => rows.push([target, figure, verdict(ok), detail]);
  for (const name of ["analyze", "validate"]) {
    const r = get(name);
    if (r === undefined || floor === undefined) continue;
    const x = r.wall / floor.wall;
    const cpu = r.cpu !== null && floor.cpu !== null ? `; cpu ${fmt(r.cpu / floor.cpu, 2)}×` : "";
    const detail = `${fmt(r.wall, 2)} s vs floor ${fmt(floor.wall, 2)} s${cpu}`;
    add(`${name} ≤ 1.6× floor, ${label}`, `${fmt(x, 2)}×`, x <= 1.6, detail);
    add(`${name} ≤ 1.0× floor (later), ${label}`, `${fmt(x, 2)}×`, x <= 1.0);
  }
  for (const name of ["analyze", "validate"]) {
    const r = get(name);
    if (r === undefined) continue;
    if (jq === undefined) add(`jq / ${name} ≥ 5×, ${label}`, "-", undefined, "jq not installed");
    else add(`jq / ${name} ≥ 5×, ${label}`, `${fmt(jq.wall / r.wall, 2)}×`, jq.wall / r.wall >= 5);
  }
  const checked = results.filter((r) => r.n === at && /^(analyze|validate)/.test(r.tool));
  for (const name of ["analyze", "validate"]) {
    const r = get(name);
    if (r === undefined) continue;
    const ok = r.rssKb === null ? undefined : mb(r.rssKb) <= 200;
    add(`${name} peak RSS ≤ 200 MB, ${label}`, r.rssKb === null ? "-" : `${fmt(mb(r.rssKb))} MB`, ok);
  }
  const worst = checked.filter((r) => r.rssKb !== null).sort((a, b) => b.rssKb - a.rssKb)[0];
  if (worst !== undefined)
    add(
      `every analyze/validate row ≤ 200 MB, ${label}`,
      `${fmt(mb(worst.rssKb))} MB`,
      mb(worst.rssKb) <= 200,
      `highest: ${worst.tool}`,
    );
  for (const name of ["analyze", "validate"]) {
    const lo = get(name, 1e6);
    const hi = get(name, 4e6);
    const target = `${name} RSS(4M) / RSS(1M) ≤ 1.15`;
    if (lo?.rssKb && hi?.rssKb) add(target, `${fmt(hi.rssKb / lo.rssKb, 2)}×`, hi.rssKb / lo.rssKb <= 1.15);
    else add(target, "-", undefined, "needs --sizes 1e6,4e6");
  }
  if (startsN === undefined) add("START-only sessions ≤ 400 MB", "-", undefined, "skipped (--no-sessions)");
  for (const r of starts) {
    const ok = r.rssKb === null ? undefined : mb(r.rssKb) <= 400;
    const figure = r.rssKb === null ? "-" : `${fmt(mb(r.rssKb))} MB`;
    add(
      `${sizeLabel(r.n)} START-only sessions ≤ 400 MB`,
      figure,
      ok,
      r.tool + (String(r.threads).startsWith("auto") ? `, threads ${r.threads}` : ""),
    );
  }
  add(
    "identical figures: threads 1/2/3, fast path on/off",
    identical === undefined ? "-" : identical ? "identical" : "different",
    identical,
  );
  const note = at === 1e6 ? "" : ` (at ${label}: the targets are set for 1M)`;
  return `targets (issue #14)${note}:\n\n${table(["target", "measured", "", "detail"], rows)}`;
}
