// Deep values written without recursion: jsonText is JSON.stringify's text, capDepth cuts nesting at a level,
// and a CSV cell is cut to what a spreadsheet cell holds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvText, cutCell, MAX_CELL_CHARS } from "../../src/render/csv.js";
import { capDepth, capRowDepth, jsonText, MAX_VALUE_DEPTH } from "../../src/render/json-depth.js";

/** `bottom` inside `n` arrays. */
function wrap(n: number, bottom: unknown): unknown {
  let value = bottom;
  for (let i = 0; i < n; i += 1) value = [value];
  return value;
}

/** `n` arrays nested, the innermost empty. */
const nested = (n: number): unknown => wrap(n - 1, []);

describe("jsonText", () => {
  it("writes what JSON.stringify writes, for any JSON value", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => jsonText(value) === JSON.stringify(value)));
  });

  it("keeps a __proto__ key, leaves out undefined attributes and writes undefined items as null", () => {
    const value = JSON.parse('{"__proto__":{"x":1},"a":[1,"\\u202e",null]}');
    expect(jsonText(value)).toBe(JSON.stringify(value));
    expect(jsonText({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it("writes a value nested 200,000 deep, which JSON.stringify cannot", () => {
    const deep = nested(200_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(jsonText(deep)).toBe(`${"[".repeat(200_000)}${"]".repeat(200_000)}`);
  });
});

describe("capDepth", () => {
  it("returns the value itself when it nests at most the limit (64 levels)", () => {
    const value = { a: nested(MAX_VALUE_DEPTH - 1) };
    expect(capDepth(value)).toBe(value);
    expect(capDepth("text")).toBe("text");
  });

  it("writes each array or object one level past the limit as its JSON text", () => {
    // Level 1 is the object, level 2 its array, level 3 the array inside: cut at 2, it becomes text.
    expect(capDepth({ a: [[1, { b: 2 }]], c: 3 }, 2)).toEqual({ a: ['[1,{"b":2}]'], c: 3 });
    expect(capDepth([{}, [[]]], 2)).toEqual([{}, ["[]"]]);
    const row = { id: "e1", data: { deep: nested(MAX_VALUE_DEPTH) } };
    const capped = capRowDepth(row);
    expect(capped).not.toBe(row);
    expect(capped.id).toBe("e1");
    // data is level 1, so the arrays at levels 2..64 stay (63 of them) and the 64th is text.
    expect(capped.data.deep).toEqual(wrap(MAX_VALUE_DEPTH - 1, "[]"));
    expect(capRowDepth({ id: "e2", data: { a: 1 } })).toEqual({ id: "e2", data: { a: 1 } });
  });

  it("keeps the keys in order, __proto__ as an own key", () => {
    const value = JSON.parse('{"b":{"__proto__":{"x":[1]}},"a":1}');
    const capped = capDepth(value, 3) as Record<string, Record<string, unknown>>;
    expect(Object.keys(capped)).toEqual(["b", "a"]);
    expect(Object.hasOwn(capped.b as object, "__proto__")).toBe(true);
    expect(JSON.stringify(capped)).toBe('{"b":{"__proto__":{"x":"[1]"}},"a":1}');
  });

  it("cuts a value nested 100,000 deep without overflowing the stack", () => {
    const capped = capDepth({ x: nested(100_000) }) as { x: unknown };
    const rest = 100_000 - (MAX_VALUE_DEPTH - 1);
    expect(capped.x).toEqual(wrap(MAX_VALUE_DEPTH - 1, `${"[".repeat(rest)}${"]".repeat(rest)}`));
  });
});

describe("a CSV cell holds at most 32,767 characters", () => {
  it("leaves a cell of the limit alone and cuts a longer one, saying how long it was", () => {
    expect(MAX_CELL_CHARS).toBe(32_767);
    const full = "x".repeat(MAX_CELL_CHARS);
    expect(cutCell(full)).toBe(full);
    const cut = cutCell("y".repeat(100_000));
    expect(cut).toHaveLength(MAX_CELL_CHARS);
    const mark = "… [cut: 100,000 characters in all]";
    expect(cut).toBe(`${"y".repeat(MAX_CELL_CHARS - mark.length)}${mark}`);
  });

  it("never splits a surrogate pair", () => {
    const mark = "… [cut: 40,000 characters in all]";
    const keep = MAX_CELL_CHARS - mark.length;
    // An emoji (two code units) whose second half would be the first one cut.
    const text = `${"a".repeat(keep - 1)}😀${"b".repeat(40_000 - keep - 1)}`;
    expect(cutCell(text)).toBe(`${"a".repeat(keep - 1)}${mark}`);
  });

  it("applies to every text cell, after --excel-safe's quote", () => {
    const cell = csvText(`=${"1".repeat(40_000)}`, { excelSafe: true });
    expect(cell).toHaveLength(MAX_CELL_CHARS);
    expect(cell.startsWith("'=111")).toBe(true);
    expect(cell.endsWith("… [cut: 40,002 characters in all]")).toBe(true);
  });
});
