// A long grid is drawn in slices (cli-table3's layout is quadratic in rows: 8,000 gates took 20 s): the text
// must be exactly what one cli-table3 grid draws, whatever the widths, wide characters and colours.
import { Chalk } from "chalk";
import Table from "cli-table3";
import { describe, expect, it } from "vitest";
import { drawGrid, type GridLayout } from "../../src/render/grid.js";

const chalk = new Chalk({ level: 1 });

function whole(layout: GridLayout, rows: string[][]): string {
  const grid = new Table({ ...layout, style: { head: [], border: [], compact: true } });
  for (const row of rows) grid.push([...row]);
  return grid.toString();
}

describe("drawGrid", () => {
  // Cells of every width class: empty, ASCII, East Asian wide, coloured, long; the widest in a late row.
  const cells = ["", "a", "31001", "日本語", chalk.blue("███"), "✗ fail", "12.5%", "x".repeat(12)];
  const rows = (n: number): string[][] =>
    Array.from({ length: n }, (_, i) => [
      `gate ${i}`,
      cells[i % cells.length] as string,
      cells[(i * 3) % cells.length] as string,
      i === n - 1 ? "the widest cell, last of all" : (cells[(i * 5) % cells.length] as string),
    ]);
  const layout: GridLayout = {
    head: ["gate", "level\nhere", "value", ""].map((c) => chalk.bold(c)),
    colAligns: ["left", "right", "right", "left"],
  };

  it.each([1, 64, 65, 200, 1000])("draws %i rows exactly as one cli-table3 grid", (n) => {
    expect(drawGrid(layout, rows(n))).toBe(whole(layout, rows(n)));
  });

  it("draws a grid with a header and no rows", () => {
    expect(drawGrid(layout, [])).toBe(whole(layout, []));
  });
});
