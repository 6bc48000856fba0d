// The targets of issue #22, each with the figure of this run (medians of the paired rounds) and met / not met;
// a second build's figure beside it when the run has one (`--bin`).
import { table } from "./measure.mjs";
import { sizeLabel } from "./report.mjs";

const ROWS = ["analyze", "analyze --threads 1", "validate", "validate --threads 1"];
const mb = (kb) => (kb * 1024) / 1e6;
const fmt = (x, digits = 2) => (x === null || x === undefined ? "-" : x.toFixed(digits));

/**
 * The targets as data: the row they are about, what is measured, the bound (a figure must be <= it).
 * `metric` is wallRatio / cpuRatio (paired medians against the floor), rssMB (median peak RSS, MB of 10^6
 * bytes), growth (median peak RSS at 4M over 1M) or startsMB (the START-only run's median peak RSS, set for 1M sessions).
 */
export const TARGETS = [
  { row: "analyze --threads 1", metric: "wallRatio", max: 1.2 },
  { row: "analyze --threads 1", metric: "cpuRatio", max: 1.2 },
  { row: "analyze", metric: "wallRatio", max: 0.7 },
  { row: "validate", metric: "wallRatio", max: 0.7 },
  { row: "export parquet", metric: "wallRatio", max: 3, needs: "--parquet" },
  ...ROWS.map((row) => ({ row, metric: "rssMB", max: 150 })),
  ...ROWS.map((row) => ({ row, metric: "growth", max: 1.1, needs: "--sizes 1e6,4e6" })),
  { row: "analyze --threads 1", metric: "startsMB", max: 250, needs: "the START-only run" },
  { row: "analyze", metric: "startsMB", max: 250, needs: "the START-only run" },
];

const WORDS = {
  wallRatio: ["wall", "× floor", "×"],
  cpuRatio: ["CPU", "× floor", "×"],
  rssMB: ["peak RSS", " MB", " MB"],
  growth: ["RSS(4M)/RSS(1M)", "", "×"],
  startsMB: ["1M START-only sessions, peak RSS", " MB", " MB"],
};

/**
 * The figure of one target for the row `name` (a build's suffix already added), or undefined when the run did
 * not measure it.
 * @param {{ metric: string }} target
 * @param {string} name
 * @param {{ summaries: { n: number, name: string, wallRatio: number | null, cpuRatio: number | null, rssKb: number | null }[], starts: { n: number, name: string, rssKb: number | null }[], at: number }} run
 */
export function targetFigure(target, name, { summaries, starts, at }) {
  const get = (n) => summaries.find((s) => s.n === n && s.name === name);
  const value = (x) => (x === null || x === undefined ? undefined : x);
  if (target.metric === "wallRatio" || target.metric === "cpuRatio") return value(get(at)?.[target.metric]);
  if (target.metric === "rssMB") return get(at)?.rssKb ? mb(get(at).rssKb) : undefined;
  if (target.metric === "growth") {
    const lo = get(1e6)?.rssKb;
    const hi = get(4e6)?.rssKb;
    return lo && hi ? hi / lo : undefined;
  }
  const s = starts.find((r) => r.name === name);
  return s?.rssKb ? mb(s.rssKb) : undefined;
}

/**
 * The targets table: target, this build's figure, met / not met / not measured, the second build's figure when
 * `suffixB` is given. Plus the lines that must agree (truth, identical reports) and the DuckDB peer's ratio,
 * the goal beyond the targets. Never changes the exit code.
 * @param {{ summaries: object[], starts: object[], sizes: number[], suffixB?: string, agree: { label: string, ok: boolean | undefined }[] }} run
 */
export function targetsTable({ summaries, starts, sizes, suffixB, agree }) {
  const at = sizes.includes(1e6) ? 1e6 : sizes[0];
  const run = { summaries, starts, at };
  const rows = [];
  for (const t of TARGETS) {
    const [what, unit, shown] = WORDS[t.metric];
    const size = t.metric === "growth" || t.metric === "startsMB" ? "" : `, ${sizeLabel(at)}`;
    const label = `${t.row}: ${what} ≤ ${t.max}${unit}${size}`;
    // Growth gets a third digit: 1.105 is over 1.1 and would print as 1.10.
    const digits = unit === " MB" ? 1 : t.metric === "growth" ? 3 : 2;
    const a = targetFigure(t, t.row, run);
    const cell = (x) => (x === undefined ? "-" : `${fmt(x, digits)}${shown}`);
    const verdict = a === undefined ? "not measured" : a <= t.max ? "met" : "not met";
    const startsAt = starts[0]?.n;
    let detail = a === undefined && t.needs !== undefined ? `needs ${t.needs}` : "";
    if (t.metric === "startsMB" && startsAt !== undefined && startsAt !== 1e6)
      detail = `at ${sizeLabel(startsAt)}`;
    const row = [label, cell(a), verdict];
    if (suffixB !== undefined) row.push(cell(targetFigure(t, `${t.row}${suffixB}`, run)));
    rows.push([...row, detail]);
  }
  // DuckDB's ratio is a goal, not a target: it is shown against analyze's, without validation.
  const duck = summaries.find((s) => s.n === at && s.name === "DuckDB peer")?.wallRatio ?? undefined;
  const analyze = targetFigure(TARGETS[2], "analyze", run);
  const goal = [
    "goal beyond: analyze wall ≤ DuckDB peer's",
    analyze === undefined ? "-" : `${fmt(analyze)}×`,
    analyze === undefined || duck === undefined ? "not measured" : analyze <= duck ? "met" : "not met",
  ];
  if (suffixB !== undefined) goal.push("");
  rows.push([...goal, duck === undefined ? "" : `DuckDB peer ${fmt(duck)}× floor`]);
  for (const { label, ok } of agree) {
    const row = [
      label,
      ok === undefined ? "-" : ok ? "yes" : "no",
      ok === undefined ? "not measured" : ok ? "met" : "not met",
    ];
    if (suffixB !== undefined) row.push("");
    rows.push([...row, ""]);
  }
  const headers = ["target", "measured", "", ...(suffixB !== undefined ? ["B"] : []), "detail"];
  const note = at === 1e6 ? "" : ` (at ${sizeLabel(at)}: the targets are set for 1M)`;
  return `targets (issue #22; medians of paired rounds)${note}:\n\n${table(headers, rows)}`;
}
