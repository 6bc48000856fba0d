// The bench's printed output: the timing table, RSS growth, and analyze's figures checked against the truth.
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
 * One row per tool and size: wall and CPU seconds, MB/s, events (lines) per second, peak RSS, ratios to the floor.
 * @param {{ n: number, tool: string, bytes: number, lines: number, wall: number, cpu: number | null, rssKb: number | null, code: number | null }[]} results
 */
export function timingTable(results) {
  const headers = ["size", "tool", "MB", "wall s", "cpu s", "MB/s", "events/s", "RSS MiB"];
  const rows = results.map((r) => {
    const floor = results.find((f) => f.n === r.n && f.tool === "floor") ?? r;
    return [
      sizeLabel(r.n),
      r.tool,
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
