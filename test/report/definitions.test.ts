// The one table of the figures' definitions: README.md's KPI table is exactly what it generates, and every
// figure it defines is a path of the JSON report's `kpis`.
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
import { DEFINITIONS, definitionsMarkdown, README_MARKERS } from "../../src/report/definitions.js";
import { DIALER_DEFINITIONS } from "../../src/report/definitions-dialer.js";

const README = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");

/** The README's text between the definitions markers (undefined when they are missing). */
function readmeBlock(): string | undefined {
  const start = README.indexOf(README_MARKERS.start);
  const end = README.indexOf(README_MARKERS.end);
  if (start < 0 || end < start) return undefined;
  return README.slice(start + README_MARKERS.start.length + 1, end);
}

describe("the definitions table", () => {
  it("is the README's KPI table, word for word (run npm run readme:definitions after changing it)", () => {
    expect(readmeBlock()).toBe(definitionsMarkdown());
  });

  it("is in the README's KPIs section, once", () => {
    const kpis = README.slice(README.indexOf("\n## KPIs\n"), README.indexOf("\n### Breakdowns"));
    expect(kpis).toContain(README_MARKERS.start);
    expect(kpis).toContain(README_MARKERS.end);
    expect(README.split(README_MARKERS.start)).toHaveLength(2);
  });

  it("gives one row per figure, each with a name, a formula and no cell that breaks the Markdown table", () => {
    const rows = definitionsMarkdown().trimEnd().split("\n").slice(2);
    expect(rows).toHaveLength(DEFINITIONS.length);
    for (const row of rows) expect(row.split(" | ")).toHaveLength(3);
    expect(new Set(DEFINITIONS.map((d) => d.id)).size).toBe(DEFINITIONS.length);
  });

  it("says which ANSWER each answer figure counts: COMPLETED is_answered, and time to answer any leg's", () => {
    const row = (id: string) =>
      definitionsMarkdown()
        .split("\n")
        .find((r) => r.includes(`(\`${id}\`)`));
    expect(row("answered")).toContain("| calls whose COMPLETED has `is_answered` true |");
    expect(row("timeToAnswer")).toContain("over calls with an ANSWER on any leg, answered or not");
  });

  it("defines only figures the JSON report has (each id a path under kpis, or the report's waits)", async () => {
    const report = await analyze(
      inputSources(
        [fileURLToPath(new URL("../../samples/mixed-day.ndjson", import.meta.url))],
        Readable.from([]),
      ),
      {
        validator: createEventValidator(await loadSchemaDocument()),
        maxLineBytes: 1 << 20,
        maxProblems: 100,
        sessionize: DEFAULT_SESSIONIZE_OPTIONS,
        // The dialer figures asked for too: their ids are paths from the report's root.
        callStats: {
          ...DEFAULT_CALL_STATS_OPTIONS,
          repeatWindowS: 86_400,
          compliance: { fromMinute: 480, toMinute: 1260, machineShare: 0 },
          callbacks: true,
        },
      },
    );
    const root = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
    const kpis = root.kpis as Record<string, unknown>;
    const dialer = new Set<string>(DIALER_DEFINITIONS.map((d) => d.id));
    for (const { id } of DEFINITIONS) {
      // The load figures' ids are paths of the report's own `load` section.
      const value = id
        .split(".")
        .reduce<unknown>(
          (at, key) => (at as Record<string, unknown> | undefined)?.[key],
          id.startsWith("load.") || id.startsWith("waits.") || dialer.has(id) ? root : kpis,
        );
      expect(value, id).toBeDefined();
    }
  });
});
