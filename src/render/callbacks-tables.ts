// The callback funnel tables (--callbacks): the funnel, and the states that ended the failed legs.
import type { AnalyzeReport } from "../commands/analyze.js";
import { dec, pct, type ReportTable } from "./cells.js";

/** The `callbacks` and `callback-failures` tables, when the report has the callback funnel. */
export function callbackTables(report: AnalyzeReport): ReportTable[] {
  const c = report.callbacks;
  if (c === undefined) return [];
  const failures = [
    ...Object.entries(c.leg1Failed).map(([state, n]) => ["leg 1", state, n]),
    ...Object.entries(c.leg2Failed).map(([state, n]) => ["leg 2", state, n]),
  ];
  return [
    {
      name: "callbacks",
      title: "Callback funnel (leg 1: the contact; leg 2: the operator)",
      columns: ["stage", "calls", "rate %"],
      rows: [
        ["callback calls", c.calls, null],
        ["leg 1 reached (of calls)", c.leg1Reached, pct(c.leg1Rate)],
        ["leg 2 reached (of leg 1 reached)", c.leg2Reached, pct(c.leg2Rate)],
        ["bridged (of calls)", c.bridged, pct(c.bridgeRate)],
        ["both reached, never bridged", c.reachedNotBridged, null],
        ["time to bridge median s", dec(c.timeToBridge.median), null],
        ["time to bridge p90 s", dec(c.timeToBridge.p90), null],
      ],
      percentInCells: true,
      terminalSkip: c.calls === 0,
    },
    {
      name: "callback-failures",
      title: "Callback legs that failed, by the RINGRESULT state that ended them (none: no RINGRESULT)",
      columns: ["leg", "state", "calls"],
      rows: failures,
      terminalSkip: failures.length === 0,
    },
  ];
}
