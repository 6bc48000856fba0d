// The repeat callers table (--repeat-callers): one model for the terminal and the CSV export.
import type { AnalyzeReport } from "../commands/analyze.js";
import { pct, type ReportTable } from "./cells.js";

/** The `repeat-callers` table, when the report has repeat callers. */
export function repeatTables(report: AnalyzeReport): ReportTable[] {
  const r = report.repeatCallers;
  if (r === undefined) return [];
  return [
    {
      name: "repeat-callers",
      title: `Repeat callers within ${windowText(r.windowSeconds)} (a first-call-resolution proxy)`,
      columns: ["metric", "value"],
      rows: [
        ["unique inbound callers", r.uniqueCallers],
        ["callers with an answered call", r.answeredCallers],
        ["called again within the window", r.repeatCallers],
        ["left out: window past the dump's end", r.windowNotOver],
        ["repeat caller share %", pct(r.repeatShare)],
        ["inbound calls naming no number", r.inboundWithoutNumber],
      ],
      subRows: [2, 3],
      percentInCells: true,
    },
  ];
}

/** A window in its largest whole unit: 24 h, 90 min, 45 s. */
export function windowText(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
