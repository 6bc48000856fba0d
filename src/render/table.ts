// Terminal renderer: the report tables with cli-table3, coloured with chalk only when asked to.
import { Chalk, type ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { AnalyzeReport } from "../commands/analyze.js";
import { escapeControls } from "./escape.js";
import { type Cell, type ReportTable, reportTables } from "./tables.js";

/** How the table renderer may style its output. */
export interface TableStyle {
  color: boolean;
}

/** The analyze report as aligned terminal tables, then its problems, one per line. */
export function renderReportTable(report: AnalyzeReport, style: TableStyle): string {
  const chalk = new Chalk({ level: style.color ? 1 : 0 });
  const parts: string[] = [];
  for (const table of reportTables(report)) {
    if (table.name === "problems") continue;
    if (table.rows.length === 0 && table.name.startsWith("hanged-")) continue;
    parts.push(renderOne(table, chalk));
  }
  parts.push(renderProblems(report, chalk));
  return `${parts.join("\n\n")}\n`;
}

function renderOne(table: ReportTable, chalk: ChalkInstance): string {
  const numeric = table.columns.map((_, i) => i > 0 && table.rows.every((row) => isNumeric(row[i])));
  const grid = new Table({
    head: table.columns.map((c) => chalk.bold(c)),
    colAligns: numeric.map((n) => (n ? "right" : "left")),
    style: { head: [], border: [], compact: true },
  });
  for (const row of table.rows) grid.push(row.map(formatCell));
  return `${chalk.bold.cyan(table.title)}\n${grid.toString()}`;
}

function isNumeric(cell: Cell | undefined): boolean {
  return typeof cell === "number" || (typeof cell === "object" && cell !== null);
}

/** A cell as the terminal shows it: grouped integers, percentages with one decimal, escaped text. */
export function formatCell(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "-";
  if (typeof cell === "number") return cell.toLocaleString("en-US");
  if (typeof cell === "object") return cell.percent === null ? "-" : `${cell.percent.toFixed(1)}%`;
  return escapeControls(cell);
}

function renderProblems(report: AnalyzeReport, chalk: ChalkInstance): string {
  const total = report.problems.length + report.problemsOmitted;
  if (total === 0) return chalk.green("No problems found.");
  const counts = Object.entries(report.problemCounts)
    .map(([code, n]) => `${code} ${n.toLocaleString("en-US")}`)
    .join(", ");
  const lines = [chalk.bold.yellow(`Problems: ${total.toLocaleString("en-US")} (${counts})`)];
  for (const p of report.problems) {
    const where = `${escapeControls(p.file)}:${p.line}${p.column === undefined ? "" : `:${p.column}`}`;
    lines.push(`  ${where}  ${chalk.yellow(p.code)}  ${escapeControls(p.message)}`);
  }
  if (report.problemsOmitted > 0) {
    lines.push(
      chalk.dim(
        `  ... and ${report.problemsOmitted.toLocaleString("en-US")} more (raise --max-problems, or --format json)`,
      ),
    );
  }
  return lines.join("\n");
}
