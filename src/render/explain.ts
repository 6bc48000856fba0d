// --explain's renderers by --format: the terminal text, JSON (the Explanation as is), CSV (one row per call
// listed) and a self-contained HTML page in the report's style.
import { stringify } from "csv-stringify/sync";
import type { Explanation } from "../report/explain-figure.js";
import { type CsvCellOptions, csvText } from "./csv.js";
import { toSafeJson } from "./escape.js";
import { explainedName, renderExplainText } from "./explain-text.js";
import type { RenderOptions } from "./index.js";

/** Turns an explanation into the text written to stdout or the -o file. */
export type ExplainRenderer = (explanation: Explanation, options: RenderOptions) => string;

/** The CSV's columns: which side a call is on, the call, its part and its decisive events. */
export const EXPLAIN_CSV_COLUMNS = [
  "metric",
  "side",
  "session_id",
  "start",
  "direction",
  "type",
  "x",
  "n",
  "values",
  "file",
  "line",
  "decisive_events",
];

/** The renderer of a --format (table when unknown); html is imported only when asked for. */
export async function explainRenderer(format: string): Promise<ExplainRenderer> {
  if (format === "html") {
    const { renderExplainHtml } = await import("./html/explain.js");
    return (explanation, options) => renderExplainHtml(explanation, options.toolVersion ?? "unknown");
  }
  if (format === "json") return (explanation) => `${toSafeJson(explanation, 2)}\n`;
  if (format === "csv")
    return (explanation, options) =>
      renderExplainCsv(explanation, {
        excelSafe: options.excelSafe === true,
        terminal: options.terminal === true,
      });
  return (explanation, options) => renderExplainText(explanation, { color: options.color });
}

/** One row per call listed: numerator, denominator (the calls not in the numerator) or values. */
export function renderExplainCsv(e: Explanation, options: CsvCellOptions): string {
  const name = explainedName(e);
  const side = e.shape === "values" ? "values" : e.shape === "rate" ? "numerator" : "counted";
  const parts = [
    { side, calls: e.numerator.calls },
    { side: "denominator", calls: e.denominator?.calls ?? [] },
  ];
  const text = (value: string): string => csvText(value, options);
  const rows = parts.flatMap(({ side, calls }) =>
    calls.map((call) => [
      text(name),
      side,
      text(call.sessionId),
      new Date(call.start).toISOString(),
      call.direction,
      call.type,
      call.x,
      call.n,
      (call.values ?? []).join(" "),
      text(call.file),
      call.line,
      call.events
        .map(
          (ev) =>
            `${ev.event}${ev.state === undefined ? "" : ` ${ev.state}`}@${new Date(ev.at).toISOString()}#${ev.line}`,
        )
        .join("; "),
    ]),
  );
  return stringify(rows, { header: true, columns: EXPLAIN_CSV_COLUMNS });
}
