// Rows compared with rows: build B over its twins in this build, and the groups of rows that must agree.
import { table } from "./measure.mjs";
import { median, pairedRatio } from "./rounds.mjs";
import { sameReports } from "./report.mjs";

const fmt = (x, digits = 1) => (x === null || x === undefined ? "-" : x.toFixed(digits));

/**
 * Build B against this build, row by row: the medians over rounds of B's wall and CPU over its twin's in the
 * same round, and of B's peak RSS over its twin's; empty when no row has a twin.
 * @param {Map<string, { round: number, wall: number, cpu: number | null, rssKb: number | null }[]>} runs by row name
 * @param {string} suffix the suffix of B's rows, e.g. " (B)"
 * @param {string} label e.g. "1M"
 */
export function twinTable(runs, suffix, label) {
  const rows = [];
  for (const [name, b] of runs) {
    const a = name.endsWith(suffix) ? runs.get(name.slice(0, -suffix.length)) : undefined;
    if (a === undefined) continue;
    const rss = median(b.map((x) => x.rssKb)) / median(a.map((x) => x.rssKb));
    const f = (x) => fmt(Number.isFinite(x) ? x : null, 2);
    rows.push([
      label,
      name.slice(0, -suffix.length),
      f(pairedRatio(b, a, "wall")),
      f(pairedRatio(b, a, "cpu")),
      f(rss),
    ]);
  }
  return rows.length === 0 ? "" : table(["size", "row", "wall B/A", "cpu B/A", "RSS B/A"], rows);
}

/**
 * Every group (analyze, validate) of one size must print identical JSON with the same exit code (validate's
 * 1 for findings included); its first row is the reference, compared on each row's first round.
 * @param {{ name: string, group?: string }[]} variants
 * @param {Map<string, { stdout: string, code: number | null }[]>} runs by row name
 * @param {string} label e.g. "1M"
 */
export function groupsAgree(variants, runs, label) {
  let ok = true;
  const lines = [];
  for (const group of ["analyze", "validate"]) {
    const rows = variants.filter((v) => v.group === group);
    if (rows.length < 2) continue;
    const same = sameReports(
      `${group}, ${label}`,
      rows.map((v) => ({ tool: v.name, stdout: runs.get(v.name)[0].stdout })),
    );
    const codes = new Set(rows.flatMap((v) => runs.get(v.name).map((r) => r.code)));
    ok = ok && same.ok && codes.size === 1;
    lines.push(same.text);
    if (codes.size > 1) lines.push(`FAIL ${group}, ${label}: exit codes differ (${[...codes]})`);
  }
  return { ok, lines };
}
