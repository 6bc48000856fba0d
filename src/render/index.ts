// Renderer registry: --format NAME -> a function from the analyze report to text.
import type { AnalyzeReport } from "../commands/analyze.js";
import type { ValidateResult } from "../commands/validate.js";
import { renderReportCsv } from "./csv.js";
import { toSafeJson } from "./escape.js";
import { renderFindingsText } from "./findings-text.js";
import { renderFindingsGithub } from "./github.js";
import { type RunTiming, renderFindingsJunit } from "./junit.js";
import { renderReportTable } from "./table.js";

/** What a renderer may be told besides the report. */
export interface RenderOptions {
  color: boolean;
  table?: string;
  /** CSV: neutralise cells a spreadsheet would evaluate as formulas (--excel-safe). */
  excelSafe?: boolean;
  /** The output goes to a terminal: CSV shows control characters escaped (table and text always do). */
  terminal?: boolean;
  /** HTML: the tool's version and when the page was made (ISO), for its header. */
  toolVersion?: string;
  generatedAt?: string;
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

/** Every analyze --format: the renderers above, and html (loaded on demand: ECharts takes a while to load). */
export const REPORT_FORMATS: readonly string[] = [...Object.keys(REPORT_RENDERERS), "html"];

/** The renderer of a --format (table when unknown); the HTML renderer and ECharts are imported only for html. */
export async function reportRenderer(format: string): Promise<ReportRenderer> {
  if (format === "html") {
    const { renderReportHtml } = await import("./html/page.js");
    return (report, options) =>
      renderReportHtml(report, {
        toolVersion: options.toolVersion ?? "unknown",
        generatedAt: options.generatedAt ?? "unknown time",
      });
  }
  return REPORT_RENDERERS[format] ?? (REPORT_RENDERERS.table as ReportRenderer);
}

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
