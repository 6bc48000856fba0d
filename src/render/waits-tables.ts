// The waits part of the report as named tables: the waiting callers' figures, and answered / abandoned per wait.
import type { AnalyzeReport } from "../commands/analyze.js";
import { type Cell, dec, pct, type ReportTable } from "./cells.js";

/** The `waits` and `wait-buckets` tables of a report. */
export function waitsTables(report: AnalyzeReport): ReportTable[] {
  const { waits } = report;
  const open = waits.openHours === null ? "" : " starting in --open-hours";
  const rows: Cell[][] = [
    [`offered (inbound calls${open})`, waits.offered],
    ["answered", waits.answered],
    ["abandoned (the caller hung up)", waits.abandoned],
    ["ASA s (mean wait of answered calls)", dec(waits.asaS)],
    ["longest wait s (answered or abandoned)", dec(waits.longestWaitS)],
    ...waits.serviceLevels.map((s): Cell[] => [
      `service level within ${s.thresholdS} s %`,
      pct(s.serviceLevel),
    ]),
  ];
  if (waits.closed !== null)
    rows.push(
      ["closed (inbound, started outside --open-hours)", waits.closed.calls],
      ["answered while closed", waits.closed.answered],
      ["abandoned while closed", waits.closed.abandoned],
    );
  const closedAt = waits.closed === null ? [] : [rows.length - 2, rows.length - 1];
  return [
    {
      name: "waits",
      title: "Waiting callers (inbound: START to first ANSWER, or to COMPLETED when the caller hung up)",
      columns: ["metric", "value"],
      rows,
      subRows: [1, 2, ...closedAt],
      percentInCells: true,
    },
    {
      name: "wait-buckets",
      title: "Waits in seconds (a bucket holds its upper edge: 5 s is in 0-5)",
      columns: ["wait s", "answered", "abandoned", "answered within %"],
      rows: waits.buckets.map((b) => [b.bucket, b.answered, b.abandoned, pct(b.answeredWithinShare)]),
      bar: 2,
      percentInCells: true,
    },
  ];
}
