// Cells of the report tables and their number formats: shared by the table, CSV and KPI-table models.
/** A share shown as a percentage with one decimal; null when there is nothing to divide by. */
export interface Percent {
  percent: number | null;
}
/** A number shown with one decimal (seconds); null when unknown. */
export interface Decimal {
  decimal: number | null;
}
/** One cell of a report table. */
export type Cell = string | number | Percent | Decimal | null;

/** A named table of the report. */
export interface ReportTable {
  name: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  /**
   * Terminal only: the rows (by index) that detail the row above them, their key shown indented; CSV writes
   * every key as it is, without the indentation.
   */
  subRows?: readonly number[];
  /** Terminal only: a line under the table (e.g. a sparkline). */
  note?: string | undefined;
  /** Terminal only: leave the table out (nothing to show); CSV still has it. */
  terminalSkip?: boolean;
  /** Terminal only: draw a bar for this (numeric) column. */
  bar?: number;
  /** Terminal only: show each column name on two lines, split at its first space. */
  stackHeader?: boolean;
  /**
   * Terminal only: percentage cells show their `%` (`51.4%`), so the ` %` that ends a column name or a row
   * key (`ASR %`, `service level %`, `NER % (reached ...)`) is left out there; CSV keeps it (bare numbers).
   */
  percentInCells?: boolean;
}

/** The number of a Percent or Decimal cell (null when unknown). */
export function cellNumber(cell: Percent | Decimal): number | null {
  return "percent" in cell ? cell.percent : cell.decimal;
}

/** A number as a Decimal cell, rounded to one decimal. */
export function dec(value: number | null): Decimal {
  return { decimal: value === null ? null : Math.round(value * 10) / 10 };
}

/** A fraction 0..1 as a Percent cell, rounded to one decimal. */
export function pct(fraction: number | null): Percent {
  return { percent: fraction === null ? null : Math.round(fraction * 1000) / 10 };
}
