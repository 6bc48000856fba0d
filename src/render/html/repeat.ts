// The repeat callers panel of the HTML report (--repeat-callers): a first-call-resolution proxy.
import type { AnalyzeReport } from "../../commands/analyze.js";
import { definition } from "../../report/definitions.js";
import { pct } from "../cells.js";
import { windowText } from "../repeat-table.js";
import { mdText } from "./defined.js";
import { dataTable, panel } from "./figure.js";

/** The panel, when the report has repeat callers. */
export function repeatPanel(report: AnalyzeReport): string | undefined {
  const r = report.repeatCallers;
  if (r === undefined) return undefined;
  const share = definition("repeatCallers.repeatShare");
  return panel(
    `Repeat callers within ${windowText(r.windowSeconds)} (a first-call-resolution proxy)`,
    dataTable(
      ["figure", "value"],
      [
        ["unique inbound callers", r.uniqueCallers],
        ["callers with an answered call", r.answeredCallers],
        ["called again within the window", r.repeatCallers],
        ["left out: window past the dump's end", r.windowNotOver],
        ["repeat caller share %", pct(r.repeatShare)],
      ],
    ),
    `Repeat caller share: ${mdText(share.formula)}. ${mdText(share.notes ?? "")}.`,
  );
}
