// Renderer registry: --format NAME -> a function from the analyze report to text.
import type { AnalyzeReport } from "../commands/analyze.js";
import { renderReportCsv } from "./csv.js";
import { renderReportTable } from "./table.js";

/** What a renderer may be told besides the report. */
export interface RenderOptions {
  color: boolean;
  table?: string;
}

/** Turns a report into the text written to stdout or the -o file. */
export type ReportRenderer = (report: AnalyzeReport, options: RenderOptions) => string;

/** The analyze report formats, by --format name. */
export const REPORT_RENDERERS: Readonly<Record<string, ReportRenderer>> = {
  table: (report, options) => renderReportTable(report, { color: options.color }),
  csv: (report, options) => renderReportCsv(report, options.table),
  json: (report) => `${JSON.stringify(report, null, 2)}\n`,
};
