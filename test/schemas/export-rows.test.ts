// schemas/export-call.schema.json and export-event.schema.json: the public contract of export's NDJSON rows.
// Every row the export writes for every sample validates (ajv, strict), the schemas name exactly the columns in
// their order, and they reject what they promise to reject.
import { readdirSync, readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { EVENT_ROW_COLUMNS } from "../../src/call/event-row.js";
import { CALL_RECORD_COLUMNS } from "../../src/call/record.js";
import { exportCalls } from "../../src/commands/export.js";
import { inputSources } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { DEFAULT_SESSIONIZE_OPTIONS } from "../../src/ingest/sessionize.js";
import { createEventValidator, type EventValidator } from "../../src/ingest/validate.js";

const ROOT = new URL("../../", import.meta.url);
const SAMPLES = fileURLToPath(new URL("samples/", ROOT));
const sampleNames = readdirSync(SAMPLES).filter((name) => name.endsWith(".ndjson"));
const schemaDoc = (name: string) => JSON.parse(readFileSync(new URL(`schemas/${name}`, ROOT), "utf8"));
const CALL_SCHEMA = schemaDoc("export-call.schema.json");
const EVENT_SCHEMA = schemaDoc("export-event.schema.json");

let eventValidator: EventValidator;
let validateCall: ValidateFunction;
let validateEvent: ValidateFunction;
beforeAll(async () => {
  eventValidator = createEventValidator(await loadSchemaDocument());
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  validateCall = ajv.compile(CALL_SCHEMA);
  validateEvent = ajv.compile(EVENT_SCHEMA);
});

async function exportedRows(name: string, rows: "calls" | "events", format: "ndjson" | "json") {
  const chunks: string[] = [];
  const options = {
    validator: eventValidator,
    maxLineBytes: 1 << 20,
    sessionize: DEFAULT_SESSIONIZE_OPTIONS,
    lifecycle: { maxCallMs: 86_400_000 },
    format,
    rows,
  };
  await exportCalls(inputSources([`${SAMPLES}${name}`], Readable.from([])), options, (c) => chunks.push(c));
  const text = chunks.join("");
  return format === "json"
    ? JSON.parse(text)
    : text
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line));
}

describe("the export row schemas", () => {
  it("list exactly the export's columns, in order, all required, nothing else allowed", () => {
    expect(Object.keys(CALL_SCHEMA.properties)).toEqual(CALL_RECORD_COLUMNS);
    expect(CALL_SCHEMA.required).toEqual(CALL_RECORD_COLUMNS);
    expect(Object.keys(EVENT_SCHEMA.properties)).toEqual(EVENT_ROW_COLUMNS);
    expect(EVENT_SCHEMA.required).toEqual(EVENT_ROW_COLUMNS);
    expect(CALL_SCHEMA.additionalProperties).toBe(false);
    expect(EVENT_SCHEMA.additionalProperties).toBe(false);
  });

  it.each(sampleNames)("every call and event row of %s validates (NDJSON and JSON alike)", async (name) => {
    for (const [rows, validate] of [
      ["calls", () => validateCall],
      ["events", () => validateEvent],
    ] as const) {
      const ndjson = await exportedRows(name, rows, "ndjson");
      expect(ndjson.length).toBeGreaterThan(0);
      expect(await exportedRows(name, rows, "json")).toEqual(ndjson);
      for (const [i, row] of ndjson.entries()) {
        const check = validate();
        expect(check(row) ? [] : check.errors, `${name} ${rows} row ${i}`).toEqual([]);
      }
    }
  });

  it("reject a number where an id is text, a local time, an unknown column, a missing column", async () => {
    const [call] = await exportedRows("inbound-parallel.ndjson", "calls", "ndjson");
    const [event] = await exportedRows("inbound-parallel.ndjson", "events", "ndjson");
    expect(validateCall(call)).toBe(true);
    expect(validateEvent(event)).toBe(true);
    expect(validateCall({ ...call, accountcode: 10452 })).toBe(false);
    expect(validateCall({ ...call, started_at: "2026-03-02T09:00:00+02:00" })).toBe(false);
    expect(validateCall({ ...call, surprise: 1 })).toBe(false);
    const { anomalies: _gone, ...withoutAnomalies } = call;
    expect(validateCall(withoutAnomalies)).toBe(false);
    expect(validateEvent({ ...event, line: 0 })).toBe(false);
    expect(validateEvent({ ...event, timestamp: "2026-03-02 09:00:00" })).toBe(false);
    expect(validateEvent({ ...event, session_status: "open" })).toBe(false);
  });
});
