// The scorecard's definitions: README.md's scorecard table is exactly what they generate, and the ids are
// exactly the keys of a scorecard row of the JSON report.
import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyze } from "../../src/commands/analyze.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator } from "../../src/ingest/validate.js";
import { DEFAULT_CALL_STATS_OPTIONS } from "../../src/report/callstats.js";
import { definitionsMarkdown } from "../../src/report/definitions.js";
import { SCORECARD_DEFINITIONS, SCORECARD_README_MARKERS } from "../../src/report/definitions-scorecard.js";
import { DEFAULT_SCORECARD_OPTIONS } from "../../src/report/scorecard.js";

const README = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
const DAY = fileURLToPath(new URL("../fixtures/scorecard/day.ndjson", import.meta.url));

describe("the scorecard definitions table", () => {
  it("is the README's scorecard table, word for word, in its section (npm run readme:definitions)", () => {
    const start = README.indexOf(SCORECARD_README_MARKERS.start);
    const end = README.indexOf(SCORECARD_README_MARKERS.end);
    expect(start).toBeGreaterThan(README.indexOf("\n### Operator scorecard\n"));
    expect(end).toBeGreaterThan(start);
    expect(README.slice(start + SCORECARD_README_MARKERS.start.length + 1, end)).toBe(
      definitionsMarkdown(SCORECARD_DEFINITIONS, "figure"),
    );
    const rows = definitionsMarkdown(SCORECARD_DEFINITIONS, "figure").trimEnd().split("\n").slice(2);
    for (const row of rows) expect(row.split(" | ")).toHaveLength(3);
  });

  it("defines every column of a scorecard row and nothing else (days[] is busy share's detail)", async () => {
    const report = await analyze(inputSources([DAY], Readable.from([])), {
      validator: createEventValidator(await loadSchemaDocument()),
      maxLineBytes: 1 << 20,
      maxProblems: 100,
      sessionize: DEFAULT_SESSIONIZE_OPTIONS,
      callStats: { ...DEFAULT_CALL_STATS_OPTIONS, by: ["operator"], scorecard: DEFAULT_SCORECARD_OPTIONS },
    });
    const row = report.operators?.rows[0] as object;
    const keys = Object.keys(row).filter((k) => k !== "days");
    expect(SCORECARD_DEFINITIONS.map((d) => d.id)).toEqual(keys);
  });
});
