// The event schema file: the bundled one or --schema DIR's, read once per run (an IO edge, like the reader).
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "./read.js";

/** File name of the event schema inside a schema directory (the bundled `schemas/` or `--schema DIR`). */
export const EVENT_SCHEMA_FILE = "teltel-event.schema.json";

/**
 * Whether the schema a run uses is the bundled one, byte for byte (no --schema, or a directory holding an
 * identical copy): only then may canonical lines take the fast path, which implements that schema's rules.
 */
export async function isBundledSchema(dir?: string): Promise<boolean> {
  if (dir === undefined) return true;
  const bundled = fileURLToPath(new URL(`../../schemas/${EVENT_SCHEMA_FILE}`, import.meta.url));
  try {
    const [mine, theirs] = await Promise.all([readFile(bundled), readFile(join(dir, EVENT_SCHEMA_FILE))]);
    return mine.equals(theirs);
  } catch {
    return false;
  }
}

/** Reads the event schema document from a directory; defaults to the bundled `schemas/`. */
export async function loadSchemaDocument(dir?: string): Promise<Record<string, unknown>> {
  const base = dir ?? fileURLToPath(new URL("../../schemas/", import.meta.url));
  const path = join(base, EVENT_SCHEMA_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      throw new InputError(`schema directory ${base} has no ${EVENT_SCHEMA_FILE}.`);
    throw new InputError(`cannot read schema ${path} (${code ?? "unknown error"}).`);
  }
  try {
    const doc: unknown = JSON.parse(text);
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("not a JSON object");
    return doc as Record<string, unknown>;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`schema ${path} is not a JSON Schema object (${(error as Error).message}).`);
  }
}
