// The report as named tables: one model for the terminal table and the CSV export, so both show the same numbers.
import type { AnalyzeReport } from "../commands/analyze.js";
import { DIMENSIONS } from "../report/breakdown.js";
import { DIRECTIONS, PARTY_TYPES, type RankedValue } from "../report/metrics.js";
import { pct, type ReportTable } from "./cells.js";
import { baselineTables, gatesTable } from "./gate-tables.js";
import { kpiTables } from "./kpi-tables.js";
import { loadTables } from "./load-tables.js";
import { waitsTables } from "./waits-tables.js";
import { counted } from "./words.js";

/** The names `--table` accepts, in report order. */
export const TABLE_NAMES = [
  "input",
  "sessions",
  "calls",
  "gates",
  "hangups",
  "hanged-values",
  "hanged-users",
  "ring-results",
  "filters",
  "kpis",
  "kpi-times",
  "inbound",
  "autodialer",
  ...DIMENSIONS.flatMap((d) => [`by-${d}`, `by-${d}-times`]),
  "scorecard",
  "scorecard-days",
  "variants",
  "repeat-callers",
  "compliance",
  "compliance-days",
  "compliance-30d",
  "callbacks",
  "callback-failures",
  "load",
  "load-days",
  "load-hours",
  "waits",
  "wait-buckets",
  "baseline",
  "delta",
  "problems",
] as const;

/** Every table of the analyze report, in order. */
export function reportTables(report: AnalyzeReport): ReportTable[] {
  const { input, sessions, calls } = report;
  const ringTotal = Object.values(report.ringResults).reduce((a, b) => a + b, 0);
  return [
    {
      name: "input",
      title: "Input",
      columns: ["metric", "value"],
      rows: [
        ["files", input.files],
        ["lines", input.lines],
        ["blank lines", input.blank],
        ["events used", input.events],
        ["invalid lines", input.invalid],
        ["duplicates", input.duplicates],
        ["late events", input.late],
        ["first event", input.timeRange.from],
        ["last event", input.timeRange.to],
      ],
    },
    {
      name: "sessions",
      title: "Sessions",
      columns: ["metric", "value"],
      rows: [
        ["sessions", sessions.total],
        ["complete", sessions.complete],
        ["incomplete", sessions.incomplete],
        ["without START", sessions.missingStart],
        ["without COMPLETED", sessions.missingCompleted],
      ],
      subRows: [3, 4],
    },
    {
      name: "calls",
      title: "Calls (complete sessions)",
      columns: ["direction", "calls", "answered", "answer rate %"],
      percentInCells: true,
      rows: [
        ...DIRECTIONS.map((d) => {
          const c = calls.byDirection[d];
          return [d, c.total, c.answered, pct(c.answerRate)];
        }),
        ["all", calls.total, calls.answered, pct(calls.answerRate)],
      ],
    },
    ...gatesTable(report),
    {
      name: "hangups",
      title: "Who hung up (COMPLETED hanged_by)",
      columns: ["hanged_by", "calls", "share %"],
      percentInCells: true,
      rows: PARTY_TYPES.map((p) => [p, report.hangupBy[p] ?? 0, pct(report.hangupShares[p] ?? null)]),
    },
    ranked("hanged-values", "hanged_value", report.topHangedValues, report.hangedValuesRanked, report),
    ranked("hanged-users", "hanged_user", report.topHangedUsers, report.hangedUsersRanked, report),
    {
      name: "ring-results",
      title: `RINGRESULT states (${counted(ringTotal, "result")})`,
      columns: ["state", "results", "share %", ...DIRECTIONS],
      percentInCells: true,
      rows: Object.entries(report.ringResults).map(([state, n]) => [
        state,
        n,
        pct(report.ringResultShares[state] ?? null),
        ...DIRECTIONS.map((d) => ownCount(report.ringResultsByDirection[d], state)),
      ]),
    },
    ...kpiTables(report),
    ...loadTables(report),
    ...waitsTables(report),
    ...baselineTables(report),
    {
      name: "problems",
      title: problemsTitle(report),
      columns: ["code", "file", "line", "session", "message"],
      rows: report.problems.map((p) => [p.code, p.file, p.line, p.sessionId ?? null, p.message]),
    },
  ];
}

function ranked(
  name: string,
  column: string,
  values: RankedValue[],
  isRanked: boolean,
  report: AnalyzeReport,
): ReportTable {
  const cap = report.rankedValuesCap.toLocaleString("en-US");
  return {
    name,
    title: isRanked
      ? `Top ${column}`
      : `Top ${column}: not ranked, more than ${cap} distinct values (too many to count exactly)`,
    columns: [column, "calls", "share %"],
    percentInCells: true,
    rows: values.map((v) => [v.value, v.count, pct(v.share)]),
  };
}

function problemsTitle(report: AnalyzeReport): string {
  const total = report.problems.length + report.problemsOmitted;
  return report.problemsOmitted > 0
    ? `Problems (first ${report.problems.length} of ${total}; --max-problems to see more)`
    : `Problems (${total})`;
}

/** A count by a key that came from the data: own properties only, so "constructor" is 0, not a function. */
function ownCount(counts: Record<string, number>, key: string): number {
  return Object.hasOwn(counts, key) ? (counts[key] as number) : 0;
}
