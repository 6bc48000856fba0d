// Renderer registry: --format NAME -> a function from the analyze report to text.
import type { AnalyzeReport } from "../commands/analyze.js";
import type { ValidateResult } from "../commands/validate.js";
import { renderReportCsv } from "./csv.js";
import { toSafeJson } from "./escape.js";
import { renderFindingsText } from "./findings-text.js";
import { renderFindingsGithub } from "./github.js";
import { renderFindingsJunit, type RunTiming } from "./junit.js";
import { renderReportTable } from "./table.js";

/** What a renderer may be told besides the report. */
export interface RenderOptions {
  color: boolean;
  table?: string;
  /** CSV: neutralise cells a spreadsheet would evaluate as formulas (--excel-safe). */
  excelSafe?: boolean;
  /** The output goes to a terminal: CSV shows control characters escaped (table and text always do). */
  terminal?: boolean;
}

/** Turns a report into the text written to stdout or the -o file. */
export type ReportRenderer = (report: AnalyzeReport, options: RenderOptions) => string;

/** The analyze report formats, by --format name. */
export const REPORT_RENDERERS: Readonly<Record<string, ReportRenderer>> = {
  table: (report, options) => renderReportTable(report, { color: options.color }),
  csv: (report, options) =>
    renderReportCsv(report, options.table, {
      excelSafe: options.excelSafe === true,
      terminal: options.terminal === true,
    }),
  json: (report) => `${toSafeJson(report, 2)}\n`,
};

/** Turns a validate result into the text written to stdout or the -o file (`run`: when and how long). */
export type FindingsRenderer = (
  result: ValidateResult,
  options: { color: boolean; quiet: boolean; run: RunTiming },
) => string;

/** The validate formats, by --format name. */
export const FINDINGS_RENDERERS: Readonly<Record<string, FindingsRenderer>> = {
  text: (result, options) => renderFindingsText(result, options),
  json: (result) => `${toSafeJson(result, 2)}\n`,
  github: (result) => renderFindingsGithub(result),
  junit: (result, options) => renderFindingsJunit(result, options.run),
};
