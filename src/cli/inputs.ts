// The inputs of a run as the scan takes them: in the order they are read, with the schema, the fast path's
// condition and the validator (compiled once, when first needed).
import { orderInputsByTime } from "../ingest/order.js";
import { inputSources } from "../ingest/read.js";
import { isBundledSchema, loadSchemaDocument } from "../ingest/schema-file.js";
import type { EventValidator } from "../ingest/validate.js";
import type { CliIO } from "./io.js";

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
 * Whether canonical lines take the byte-level fast path: with the bundled schema (or a byte-identical copy),
 * unless TELTEL_EVENTS_FAST_PATH=0 turns it off (the reference path alone, as the tests compare).
 */
async function fastPathAllowed(schemaDir: string | undefined, io: CliIO): Promise<boolean> {
  if (io.env.TELTEL_EVENTS_FAST_PATH === "0") return false;
  return isBundledSchema(schemaDir);
}

/**
 * The inputs in the order they are read (by their first valid events' time), with the schema, whether the
 * fast path may run, and the validator: compiled once, when first asked for (a threaded run's main thread
 * asks only if a file's head holds a line the fast path does not answer).
 */
export async function orderedInputs(
  paths: string[],
  flags: { schema?: string; maxLineBytes: number },
  io: CliIO,
) {
  const schema = await loadSchemaDocument(flags.schema);
  const fastPath = await fastPathAllowed(flags.schema, io);
  let compiled: Promise<EventValidator> | undefined;
  const validator = (): Promise<EventValidator> => {
    compiled ??= compileValidator(schema);
    return compiled;
  };
  const sources = inputSources(paths, io.stdin);
  const order = { maxLineBytes: flags.maxLineBytes, fastPath, validator };
  return { inputs: await orderInputsByTime(sources, order), schema, fastPath, validator };
}
