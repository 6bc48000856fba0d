// CSV renderer: one report table as a wide CSV, or every table in one long (tidy) CSV.
import { stringify } from "csv-stringify/sync";
import type { AnalyzeReport } from "../commands/analyze.js";
import { type Cell, cellNumber, type ReportTable } from "./cells.js";
import { escapeControls, escapeLoneSurrogates } from "./escape.js";
import { reportTables } from "./tables.js";

/** How text cells are written; quoting (commas, quotes, CR/LF inside values) is always RFC 4180. */
export interface CsvCellOptions {
  /** Neutralise cells a spreadsheet would evaluate as a formula (see excelSafeCell). */
  excelSafe?: boolean;
  /** The CSV goes to a terminal: show control characters escaped, as the table does. */
  terminal?: boolean;
}

// A spreadsheet evaluates a cell as a formula when it starts with = + - @ (Excel, LibreOffice, Google
// Sheets; also their full-width forms, which some input methods turn into formulas), or with a tab or CR
// that the application may strip first. Leading white space is skipped when looking for the sign, since
// some importers trim it.
const FORMULA_START = /^[\t\r\n ]*[=+\-@\uff1d\uff0b\uff0d\uff20]|^[\t\r]/;

/**
 * A text cell a spreadsheet cannot evaluate: when it would start a formula, a single quote `'` is put in
 * front (OWASP's advice); every other cell is unchanged. Every character of the value stays, so a phone
 * number `+37120000001` becomes `'+37120000001`: shown whole and as text, where a spreadsheet would otherwise
 * read it as the number 37120000001 (dropping the `+`, and showing long numbers as 3.7E+10).
 */
export function excelSafeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The most characters (UTF-16 code units) a spreadsheet cell holds: Excel's limit, and LibreOffice's import. */
export const MAX_CELL_CHARS = 32_767;

/**
 * A text cell as written to CSV with these options: exact (but a lone surrogate, which UTF-8 cannot encode,
 * written as `\ud800`), or on a terminal with every control character escaped; then formula-guarded; then,
 * when longer than a spreadsheet cell holds, cut to MAX_CELL_CHARS with a mark that says so (cutCell).
 */
export function csvText(value: string, options: CsvCellOptions = {}): string {
  const shown = options.terminal ? escapeControls(value) : escapeLoneSurrogates(value);
  return cutCell(options.excelSafe ? excelSafeCell(shown) : shown);
}

/**
 * A cell of at most MAX_CELL_CHARS characters: a longer one keeps its start and ends in `… [cut: N characters
 * in all]`, the mark counted in the limit; a surrogate pair is never split.
 */
export function cutCell(text: string): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  const mark = `… [cut: ${text.length.toLocaleString("en-US")} characters in all]`;
  let keep = MAX_CELL_CHARS - mark.length;
  const last = text.charCodeAt(keep - 1);
  if (last >= 0xd800 && last <= 0xdbff) keep -= 1;
  return `${text.slice(0, keep)}${mark}`;
}

/** One table by name (`--table`), or all of them in long form: table,row,key,column,value. */
export function renderReportCsv(
  report: AnalyzeReport,
  tableName?: string,
  options: CsvCellOptions = {},
): string {
  const tables = reportTables(report);
  const value = (cell: Cell | undefined): string | number => csvValue(cell, options);
  if (tableName !== undefined) {
    const table = tables.find((t) => t.name === tableName) as ReportTable;
    return stringify(
      table.rows.map((row) => row.map(value)),
      { header: true, columns: table.columns },
    );
  }
  const records: (string | number)[][] = [];
  for (const table of tables) {
    table.rows.forEach((row, index) => {
      const key = value(row[0]);
      row.forEach((cell, column) => {
        if (column === 0) return;
        records.push([table.name, index + 1, key, table.columns[column] as string, value(cell)]);
      });
    });
  }
  return stringify(records, { header: true, columns: ["table", "row", "key", "column", "value"] });
}

/** A cell as CSV shows it: raw numbers; percentages and decimals as the one-decimal number the terminal shows. */
function csvValue(cell: Cell | undefined, options: CsvCellOptions): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "object") return cellNumber(cell) ?? "";
  if (typeof cell === "number") return cell;
  return csvText(cell, options);
}
