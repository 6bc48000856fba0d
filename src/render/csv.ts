// CSV renderer: one report table as a wide CSV, or every table in one long (tidy) CSV.
import { stringify } from "csv-stringify/sync";
import type { AnalyzeReport } from "../commands/analyze.js";
import { type Cell, type ReportTable, reportTables } from "./tables.js";

/** One table by name (`--table`), or all of them in long form: table,row,key,column,value. */
export function renderReportCsv(report: AnalyzeReport, tableName?: string): string {
  const tables = reportTables(report);
  if (tableName !== undefined) {
    const table = tables.find((t) => t.name === tableName) as ReportTable;
    return stringify(
      table.rows.map((row) => row.map(csvValue)),
      { header: true, columns: table.columns },
    );
  }
  const records: (string | number)[][] = [];
  for (const table of tables) {
    table.rows.forEach((row, index) => {
      const key = csvValue(row[0]);
      row.forEach((cell, column) => {
        if (column === 0) return;
        records.push([table.name, index + 1, key, table.columns[column] as string, csvValue(cell)]);
      });
    });
  }
  return stringify(records, { header: true, columns: ["table", "row", "key", "column", "value"] });
}

/** A cell as CSV shows it: raw numbers, percentages as the same one-decimal number the terminal shows. */
function csvValue(cell: Cell | undefined): string | number {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "object") return cell.percent ?? "";
  return cell;
}
