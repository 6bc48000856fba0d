// Terminal renderer: the report tables with cli-table3, coloured with chalk only when asked to.
import { Chalk, type ChalkInstance } from "chalk";
import type { AnalyzeReport } from "../commands/analyze.js";
import { type Cell, cellNumber, type ReportTable } from "./cells.js";
import { escapeControls } from "./escape.js";
import { drawGrid } from "./grid.js";
import { reportTables } from "./tables.js";

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
    if (table.terminalSkip === true) continue;
    if (table.rows.length === 0 && table.name.startsWith("hanged-")) continue;
    parts.push(renderOne(table, chalk));
  }
  parts.push(renderProblems(report, chalk));
  return `${parts.join("\n\n")}\n`;
}

function renderOne(table: ReportTable, chalk: ChalkInstance): string {
  const numeric = table.columns.map((_, i) => i > 0 && table.rows.every((row) => isNumeric(row[i])));
  const head = table.columns.map((c) => (table.stackHeader === true ? c.replace(" ", "\n") : c));
  const bars = table.bar === undefined ? undefined : barColumn(table.rows, table.bar);
  const subRows = new Set(table.subRows ?? []);
  const rows = table.rows.map((row, i) => {
    const cells = row.map(formatCell);
    if (subRows.has(i)) cells[0] = `  ${cells[0]}`;
    return [...cells, ...(bars === undefined ? [] : [chalk.blue(bars[i] ?? "")])];
  });
  const grid = drawGrid(
    {
      head: [...head, ...(bars === undefined ? [] : [""])].map((c) => chalk.bold(c)),
      colAligns: [...numeric.map((n): "left" | "right" => (n ? "right" : "left")), "left"],
    },
    rows,
  );
  const note = table.note === undefined ? "" : `\n${escapeControls(table.note)}`;
  return `${chalk.bold.cyan(table.title)}\n${grid}${note}`;
}

const BAR_WIDTH = 24;

/** A bar per row, proportional to the row's value in `column` (the largest gets the full width). */
function barColumn(rows: readonly Cell[][], column: number): string[] {
  const values = rows.map((row) => {
    const cell = row[column];
    return typeof cell === "number" ? cell : 0;
  });
  const max = Math.max(0, ...values);
  return values.map((n) =>
    max === 0 || n <= 0 ? "" : "█".repeat(Math.max(1, Math.round((n / max) * BAR_WIDTH))),
  );
}

function isNumeric(cell: Cell | undefined): boolean {
  return typeof cell === "number" || (typeof cell === "object" && cell !== null);
}

// One formatter each, made once: toLocaleString builds a new one per call (a third of drawing 8,000 gates).
const WHOLE = new Intl.NumberFormat("en-US");
const ONE_DECIMAL = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A cell as the terminal shows it: grouped integers, percentages and decimals to 0.1, escaped text. */
export function formatCell(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return "-";
  if (typeof cell === "number") return WHOLE.format(cell);
  if (typeof cell === "object") {
    const n = cellNumber(cell);
    if (n === null) return "-";
    const text = ONE_DECIMAL.format(n);
    return "percent" in cell ? `${text}%` : text;
  }
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
