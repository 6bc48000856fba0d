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

/** The widest a terminal table gets: wider ones are split by columns (the key repeated) or wrap their key. */
export const MAX_TABLE_WIDTH = 120;

function renderOne(table: ReportTable, chalk: ChalkInstance): string {
  const columns = table.columns.length;
  const numeric = table.columns.map((_, i) => i > 0 && table.rows.every((row) => isNumeric(row[i])));
  const head = table.columns.map((c) => {
    const name = table.percentInCells === true ? withoutPercent(c) : c;
    return table.stackHeader === true ? name.replace(" ", "\n") : name;
  });
  const bars = table.bar === undefined ? undefined : barColumn(table.rows, table.bar);
  const cells = table.rows.map((row, i) => {
    const shown = row.map(formatCell);
    if (table.percentInCells === true && row.length > 1 && row.slice(1).every(isPercent))
      shown[0] = withoutPercent(shown[0] as string);
    if (table.subRows?.includes(i) === true) shown[0] = `  ${shown[0]}`;
    return shown;
  });
  const widths = table.columns.map((_, i) =>
    Math.max(
      ...(head[i] as string).split("\n").map(textWidth),
      ...cells.map((row) => textWidth(row[i] ?? "")),
    ),
  );
  const barWidth = bars === undefined ? 0 : BAR_WIDTH + 3;
  const span = (group: readonly number[]): number =>
    group.reduce((sum, i) => sum + (widths[i] as number) + 3, 1);
  const all = table.columns.map((_, i) => i);
  let groups = [all];
  let keyWidth: number | undefined;
  if (span(all) + barWidth > MAX_TABLE_WIDTH && columns > 1) {
    const others = all.slice(1);
    const widest = Math.max(...others.map((i) => span([0, i])));
    if (columns > 2 && widest + barWidth <= MAX_TABLE_WIDTH) groups = columnGroups(others, span, barWidth);
    // Too wide even so (a long key, e.g. a trace variant): the key column wraps at spaces instead.
    else keyWidth = Math.max(12, MAX_TABLE_WIDTH - span(others) - barWidth - 3);
  }
  const grids = groups.map((group, g) => {
    const withBars = bars !== undefined && g === 0;
    const layout = {
      head: [...group.map((i) => head[i] as string), ...(withBars ? [""] : [])].map((c) => chalk.bold(c)),
      colAligns: [
        ...group.map((i): "left" | "right" => (numeric[i] === true ? "right" : "left")),
        "left" as const,
      ],
    };
    const rows = cells.map((row, r) => [
      ...group.map((i) => row[i] ?? ""),
      ...(withBars ? [chalk.blue(bars[r] ?? "")] : []),
    ]);
    return drawGrid(keyWidth === undefined ? layout : { ...layout, wrapKeyAt: keyWidth }, rows);
  });
  const note = table.note === undefined ? "" : `\n${escapeControls(table.note)}`;
  return `${chalk.bold.cyan(table.title)}\n${grids.join("\n")}${note}`;
}

/**
 * The non-key columns in groups that each fit MAX_TABLE_WIDTH with the key column before them (the first
 * group also with the bar), in order.
 */
function columnGroups(
  others: readonly number[],
  span: (group: readonly number[]) => number,
  barWidth: number,
): number[][] {
  const groups: number[][] = [];
  let current: number[] = [0];
  for (const i of others) {
    const extra = groups.length === 0 ? barWidth : 0;
    if (current.length > 1 && span([...current, i]) + extra > MAX_TABLE_WIDTH) {
      groups.push(current);
      current = [0];
    }
    current.push(i);
  }
  groups.push(current);
  return groups;
}

/** A column name or row key without the ` %` its percentage cells already show (`ASR % (a / b)` -> `ASR (a / b)`). */
function withoutPercent(text: string): string {
  return text.replace(/ %(?= \(|$)/, "");
}

/** The columns a text takes on a terminal: one per code point (the tables hold no control characters). */
function textWidth(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
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

function isPercent(cell: Cell | undefined): boolean {
  return typeof cell === "object" && cell !== null && "percent" in cell;
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
