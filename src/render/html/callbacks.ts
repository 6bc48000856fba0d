// The callback funnel panel of the HTML report (--callbacks): the funnel as bars, and the failed legs.
import type { AnalyzeReport } from "../../commands/analyze.js";
import { definition } from "../../report/definitions.js";
import { dec, pct } from "../cells.js";
import { counted } from "../words.js";
import { barsChart, COLORS } from "./charts.js";
import { mdText } from "./defined.js";
import { dataTable, figure, type HtmlCell, panel } from "./figure.js";

/** The panel, when the report has the callback funnel. */
export function callbacksPanel(report: AnalyzeReport): string | undefined {
  const c = report.callbacks;
  if (c === undefined) return undefined;
  if (c.calls === 0) return panel("Callback funnel", '<p class="empty">No callback calls in this report</p>');
  const stages = ["callback calls", "leg 1 reached", "leg 2 reached", "bridged"];
  const counts = [c.calls, c.leg1Reached, c.leg2Reached, c.bridged];
  const caption = `Callback calls by the stage they reached (${counted(c.calls, "call")})`;
  const svg = barsChart(
    stages,
    [{ name: "calls", color: COLORS.line, data: counts }],
    { x: "stage", y: "calls" },
    caption,
  );
  const rows: HtmlCell[][] = [
    ["callback calls", c.calls, null],
    ["leg 1 reached", c.leg1Reached, pct(c.leg1Rate)],
    ["leg 2 reached", c.leg2Reached, pct(c.leg2Rate)],
    ["bridged", c.bridged, pct(c.bridgeRate)],
  ];
  const failed: HtmlCell[][] = [
    ...Object.entries(c.leg1Failed).map(([state, n]) => ["leg 1", state, n]),
    ...Object.entries(c.leg2Failed).map(([state, n]) => ["leg 2", state, n]),
  ];
  const funnel = definition("callbacks.bridgeRate");
  return panel(
    caption.replace(" by the stage they reached", ": the funnel"),
    [
      figure(caption, svg, ["stage", "calls", "rate %"], rows),
      dataTable(
        ["time to bridge", "s"],
        [
          ["median", dec(c.timeToBridge.median)],
          ["p90", dec(c.timeToBridge.p90)],
        ],
      ),
      failed.length === 0 ? "" : dataTable(["failed leg", "ended by", "calls"], failed),
    ].join("\n"),
    `${mdText(funnel.formula)}. ${mdText(funnel.notes ?? "")}.`,
  );
}
