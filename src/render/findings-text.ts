// Text renderer of validate: one line per finding (file:line:col  severity  code  message), then a summary.
import { Chalk, type ChalkInstance } from "chalk";
import type { ValidateResult } from "../commands/validate.js";
import { escapeControls } from "./escape.js";
import { counted } from "./words.js";

/** Options of the text renderer. */
export interface FindingsTextOptions {
  color: boolean;
  quiet: boolean;
}

/** Findings grouped by file, coloured when asked, then the summary. */
export function renderFindingsText(result: ValidateResult, options: FindingsTextOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  if (!options.quiet) {
    let currentFile: string | undefined;
    for (const f of result.findings) {
      if (options.color && f.file !== currentFile) {
        if (currentFile !== undefined) lines.push("");
        lines.push(chalk.underline(escapeControls(f.file)));
      }
      currentFile = f.file;
      const where = `${escapeControls(f.file)}:${f.line}${f.column === undefined ? "" : `:${f.column}`}`;
      const severity = f.severity === "error" ? chalk.red("error  ") : chalk.yellow("warning");
      lines.push(`${where}  ${severity}  ${chalk.dim(f.code)}  ${escapeControls(f.message)}`);
    }
    if (result.findingsOmitted > 0) {
      lines.push(
        chalk.dim(
          `... ${counted(result.findingsOmitted, "more finding", "more findings")} not shown (--max-errors)`,
        ),
      );
    }
    if (lines.length > 0) lines.push("");
  }
  lines.push(...summaryLines(result, chalk));
  return `${lines.join("\n")}\n`;
}

function summaryLines(result: ValidateResult, chalk: ChalkInstance): string[] {
  const s = result.summary;
  const n = (x: number): string => x.toLocaleString("en-US");
  const out = [
    `Checked ${counted(s.files, "file")}: ${counted(s.lines, "line")} — ${n(s.valid)} valid, ${n(s.invalid)} invalid, ${n(s.blank)} blank; ${counted(s.duplicates, "duplicate")}, ${n(s.late)} late; ${counted(s.sessions, "session")}.`,
  ];
  const codes = Object.entries(s.findingsByCode);
  if (codes.length > 0)
    out.push(`Findings by code: ${codes.map(([code, count]) => `${code} ${n(count)}`).join(", ")}.`);
  const verdict = `${counted(s.errors, "error")}, ${counted(s.warnings, "warning")}`;
  out.push(result.valid ? chalk.green(`Valid: ${verdict}.`) : chalk.red(`Invalid: ${verdict}.`));
  return out;
}
