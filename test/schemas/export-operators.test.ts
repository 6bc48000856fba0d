// schemas/export-operator.schema.json: the public contract of `export --operators` rows. Every row written for
// every sample and the scorecard fixture validates (ajv, strict), and the schema names exactly the columns in order.
import { readdirSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { OPERATOR_COLUMNS, operatorRecords } from "../../src/commands/export-operators.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator } from "../../src/ingest/validate.js";
import { DEFAULT_SCORECARD_OPTIONS } from "../../src/report/scorecard.js";

const ROOT = new URL("../../", import.meta.url);
const SCHEMA = JSON.parse(readFileSync(new URL("schemas/export-operator.schema.json", ROOT), "utf8"));
const files = [
  ...readdirSync(fileURLToPath(new URL("samples/", ROOT)))
    .filter((name) => name.endsWith(".ndjson"))
    .map((name) => fileURLToPath(new URL(`samples/${name}`, ROOT))),
  fileURLToPath(new URL("test/fixtures/scorecard/day.ndjson", ROOT)),
];

describe("schemas/export-operator.schema.json", () => {
  it("names exactly the export's columns, in order, all required", () => {
    expect(Object.keys(SCHEMA.properties)).toEqual(OPERATOR_COLUMNS);
    expect(SCHEMA.required).toEqual(OPERATOR_COLUMNS);
  });

  it("accepts every row of every sample and the fixture, and rejects a row without a column", async () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(SCHEMA);
    const validator = createEventValidator(await loadSchemaDocument());
    let rows = 0;
    let last: unknown;
    for (const file of files) {
      const records = await operatorRecords(
        inputSources([file], Readable.from([])),
        { validator, maxLineBytes: 1 << 20, sessionize: DEFAULT_SESSIONIZE_OPTIONS },
        DEFAULT_SCORECARD_OPTIONS,
        "UTC",
      );
      for (const record of JSON.parse(JSON.stringify(records))) {
        expect(validate(record), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
        rows += 1;
        last = record;
      }
    }
    // The fixture alone has three operators; the samples add theirs.
    expect(rows).toBeGreaterThan(3);
    // A real row less one column, or with a count below 0, is refused.
    const { busy_share: _, ...without } = last as Record<string, unknown>;
    expect(validate(without)).toBe(false);
    expect(validate({ ...(last as object), missed_rings: -1 })).toBe(false);
    expect(validate(last)).toBe(true);
  });
});
