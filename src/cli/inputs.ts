// The inputs of a run as the scan takes them: in the order they are read, with the schema, the engine that
// judges canonical lines and the validator (compiled once, when first needed).
import { orderInputsByTime } from "../ingest/order.js";
import { inputSources } from "../ingest/read.js";
import { ENGINES, type ScanEngine } from "../ingest/scan/engine.js";
import { isBundledSchema, loadSchemaDocument } from "../ingest/schema-file.js";
import type { EventValidator } from "../ingest/validate.js";
import { type CliIO, UsageError } from "./io.js";

/**
 * The schema compiled for a run in this thread. ajv is loaded only here: when workers run, each compiles the
 * schema itself (a schema that does not compile stops the run with the same usage error), and this thread
 * does not carry a compiler it never uses.
 */
async function compileValidator(schema: Record<string, unknown>): Promise<EventValidator> {
  const { createEventValidator } = await import("../ingest/validate.js");
  return createEventValidator(schema);
}

/**
 * The engine that judges canonical lines: TELTEL_EVENTS_ENGINE=wasm (the default), js (the wasm scanner's JS
 * port) or reference (JSON.parse + normalize + ajv for every line, as the tests compare); a scanner only with
 * the bundled schema (or a byte-identical copy), whose rules the scanners implement.
 */
async function scanEngine(schemaDir: string | undefined, io: CliIO): Promise<ScanEngine> {
  const asked = io.env.TELTEL_EVENTS_ENGINE;
  const engine = ENGINES.find((name) => name === (asked === undefined || asked === "" ? "wasm" : asked));
  if (engine === undefined)
    throw new UsageError("TELTEL_EVENTS_ENGINE must be wasm (the default), js or reference.");
  return engine === "reference" || !(await isBundledSchema(schemaDir)) ? "reference" : engine;
}

/**
 * The inputs in the order they are read (by their first valid events' time), with the schema, the engine
 * (`fastPath`), and the validator: compiled once, when first asked for (a threaded run's main thread asks
 * only if a file's head holds a line the scanner does not answer).
 */
export async function orderedInputs(
  paths: string[],
  flags: { schema?: string; maxLineBytes: number },
  io: CliIO,
) {
  const schema = await loadSchemaDocument(flags.schema);
  const fastPath = await scanEngine(flags.schema, io);
  let compiled: Promise<EventValidator> | undefined;
  const validator = (): Promise<EventValidator> => {
    compiled ??= compileValidator(schema);
    return compiled;
  };
  const sources = inputSources(paths, io.stdin);
  const order = { maxLineBytes: flags.maxLineBytes, fastPath, validator };
  return { inputs: await orderInputsByTime(sources, order), schema, fastPath, validator };
}
