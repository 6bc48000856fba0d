// The callers figures' definitions: README.md's callers table is exactly what they generate, and each id is a
// path of the callers JSON output (summary.KEY, or callers[].COLUMN).
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { missedCallers } from "../../src/commands/callers.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator } from "../../src/ingest/validate.js";
import { callersTextRenderer } from "../../src/render/callers.js";
import type { CallerRow } from "../../src/report/callers.js";
import { CALLER_DEFINITIONS, CALLER_README_MARKERS } from "../../src/report/callers-definitions.js";
import { definitionsMarkdown } from "../../src/report/definitions.js";

const README = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
const WORKLIST = fileURLToPath(new URL("../fixtures/callers/worklist.ndjson", import.meta.url));

describe("the callers definitions table", () => {
  it("is the README's callers table, word for word, in the callers section (npm run readme:definitions)", () => {
    const start = README.indexOf(CALLER_README_MARKERS.start);
    const end = README.indexOf(CALLER_README_MARKERS.end);
    expect(start).toBeGreaterThan(README.indexOf("\n## callers\n"));
    expect(end).toBeGreaterThan(start);
    expect(README.slice(start + CALLER_README_MARKERS.start.length + 1, end)).toBe(
      definitionsMarkdown(CALLER_DEFINITIONS, "figure"),
    );
    expect(README.split(CALLER_README_MARKERS.start)).toHaveLength(2);
  });

  it("gives one row per figure, none breaking the Markdown table, ids unique", () => {
    const rows = definitionsMarkdown(CALLER_DEFINITIONS, "figure").trimEnd().split("\n").slice(2);
    expect(rows).toHaveLength(CALLER_DEFINITIONS.length);
    for (const row of rows) expect(row.split(" | ")).toHaveLength(3);
    expect(new Set(CALLER_DEFINITIONS.map((d) => d.id)).size).toBe(CALLER_DEFINITIONS.length);
  });

  it("defines only what the JSON output has, and every figure of its summary", async () => {
    const options = {
      validator: createEventValidator(await loadSchemaDocument()),
      maxLineBytes: 1 << 20,
      sessionize: DEFAULT_SESSIONIZE_OPTIONS,
      windowS: 86_400,
      maxCallS: 86_400,
      openOnly: false,
    };
    const renderer = callersTextRenderer("json", { returnWindowS: 86_400, open: false });
    const rows: CallerRow[] = [];
    const result = await missedCallers(inputSources([WORKLIST], Readable.from([])), options, (row) =>
      rows.push(row),
    );
    const text =
      renderer.head() +
      rows.map((row, i) => renderer.row(row, i)).join("") +
      renderer.tail(result, rows.length);
    const output = JSON.parse(text) as {
      summary: Record<string, unknown>;
      callers: Record<string, unknown>[];
    };
    for (const { id } of CALLER_DEFINITIONS) {
      const [part, key] = id.split(".") as [string, string];
      if (part === "summary") expect(Object.keys(output.summary), id).toContain(key);
      else expect(Object.keys(output.callers[0] ?? {}), id).toContain(key);
    }
    const summaryIds = CALLER_DEFINITIONS.filter((d) => d.id.startsWith("summary.")).map((d) =>
      d.id.slice(8),
    );
    expect(summaryIds.sort()).toEqual(Object.keys(output.summary).sort());
  });
});
