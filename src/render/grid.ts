// One cli-table3 grid, drawn in slices when it is long. cli-table3 lays a table out in time quadratic in its
// rows (each cell is checked against every earlier row for spans), so 8,000 gates took 20 s to draw. Slices
// of a few dozen rows drawn with the widths of the whole table and joined at their borders give the same
// text in linear time.
import Table from "cli-table3";

/** Rows per slice: long enough that the per-slice cost is nothing, short enough that the layout is cheap. */
const SLICE_ROWS = 64;

/** How the grid is drawn: its header cells (already styled) and each column's alignment. */
export interface GridLayout {
  head: string[];
  colAligns: ("left" | "right")[];
  /** The key column's width: its text wraps at spaces (few rows, e.g. trace variants; drawn in one piece). */
  wrapKeyAt?: number;
}

/** The grid of `rows` (cells already formatted) under `head`, as one string without a trailing newline. */
export function drawGrid(layout: GridLayout, rows: readonly string[][]): string {
  if (rows.length <= SLICE_ROWS || layout.wrapKeyAt !== undefined) return draw(layout, rows);
  const slices: (readonly string[][])[] = [];
  for (let i = 0; i < rows.length; i += SLICE_ROWS) slices.push(rows.slice(i, i + SLICE_ROWS));
  const widths = columnWidths(layout, rows);
  const lines: string[] = [];
  slices.forEach((slice, i) => {
    const drawn = draw(i === 0 ? layout : { ...layout, head: [] }, slice, widths).split("\n");
    // The top border of the first slice only, the bottom border of the last only.
    lines.push(...drawn.slice(i === 0 ? 0 : 1, i === slices.length - 1 ? drawn.length : -1));
  });
  return lines.join("\n");
}

function draw(layout: GridLayout, rows: readonly string[][], colWidths?: number[]): string {
  const grid = new Table({
    head: layout.head,
    colAligns: layout.colAligns,
    style: { head: [], border: [], compact: true },
    ...(colWidths === undefined ? {} : { colWidths }),
    ...(layout.wrapKeyAt === undefined ? {} : { colWidths: [layout.wrapKeyAt + 2], wordWrap: true }),
  });
  for (const row of rows) grid.push([...row]);
  return grid.toString();
}

/**
 * Each column's width (padding included) in the whole grid: the width cli-table3 gives a column of only its
 * distinct cells, drawn alone in slices (a column's width depends on its own cells only, there are no spans).
 */
function columnWidths(layout: GridLayout, rows: readonly string[][]): number[] {
  // A loop, not Math.max(...rows): a spread of 100,000 rows would overflow the stack.
  let count = layout.head.length;
  for (const row of rows) count = Math.max(count, row.length);
  const widths: number[] = [];
  for (let c = 0; c < count; c += 1) {
    const cells = [...new Set([layout.head[c] ?? "", ...rows.map((row) => row[c] ?? "")])];
    let width = 0;
    for (let i = 0; i < cells.length; i += SLICE_ROWS) {
      const slice = cells.slice(i, i + SLICE_ROWS).map((cell) => [cell]);
      const top = draw({ head: [], colAligns: ["left"] }, slice).split("\n")[0] ?? "";
      // The top border, `┌─────┐`: its dashes are the column's width.
      width = Math.max(width, top.length - 2);
    }
    widths.push(width);
  }
  return widths;
}
