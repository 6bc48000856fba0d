// The reference path of one line (decode -> parseLine -> normalizeEvent -> validator -> parseTimestamp), and
// the rule a fast path's answer must keep against it: say "not sure", or give the very same event.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseTimestamp } from "../../src/ingest/datetime.js";
import { normalizeEvent } from "../../src/ingest/normalize.js";
import { parseLine } from "../../src/ingest/parse.js";
import type { RawLine } from "../../src/ingest/read.js";
import { loadSchemaDocument } from "../../src/ingest/schema-file.js";
import { decodeLine } from "../../src/ingest/utf8.js";
import { createEventValidator } from "../../src/ingest/validate.js";
import type { TelTelEvent } from "../../src/types.js";

/** What the reference path makes of one line: a valid event with its instant (and warning), or why not. */
export type ReferenceVerdict =
  | { valid: true; event: TelTelEvent; ts: number; warning?: string }
  | { valid: false; stage: "blank" | "line" | "schema" | "timestamp"; code: string };

/** The reference path as one function of a line's bytes (without its "\n"), built once per schema. */
export type ReferenceLine = (bytes: Uint8Array) => ReferenceVerdict;

/** Builds the reference path with the bundled schema, exactly as scan.ts runs it on one line. */
export async function createReferenceLine(): Promise<ReferenceLine> {
  const validator = createEventValidator(await loadSchemaDocument());
  return (bytes) => {
    const buf = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // As rawLine() in scan.ts: decoded, with where its UTF-8 is invalid.
    const { text, error } = decodeLine(buf, 0, buf.length);
    const raw: RawLine = { line: 1, text, bytes: buf.length };
    if (error !== undefined) raw.utf8Error = error;
    const parsed = parseLine("line", raw);
    if (parsed.kind === "blank") return { valid: false, stage: "blank", code: "blank" };
    if (parsed.kind === "invalid") return { valid: false, stage: "line", code: parsed.problem.code };
    const result = validator(normalizeEvent(parsed.value));
    if (!result.ok) return { valid: false, stage: "schema", code: result.issues[0]?.code ?? "schema" };
    const ts = parseTimestamp(result.event.timestamp);
    if (Number.isNaN(ts)) return { valid: false, stage: "timestamp", code: "bad-format" };
    return parsed.warning === undefined
      ? { valid: true, event: result.event, ts }
      : { valid: true, event: result.event, ts, warning: parsed.warning.code };
  };
}

/**
 * Why a fast-path answer breaks the contract against the reference verdict, or undefined when it keeps it.
 * `undefined` ("not sure") is always allowed. An event must come only for a line the reference accepts
 * without a warning (the caller would lose the warning), with the same own keys holding defined values
 * (extra top-level keys holding undefined are ignored), the same values (Object.is, so -0 is not 0), `data`
 * with the same key order, and the same instant from parseTimestamp.
 */
export function fastPathDisagreement(
  fast: TelTelEvent | undefined,
  ref: ReferenceVerdict,
): string | undefined {
  if (fast === undefined) return undefined;
  if (!ref.valid)
    return `fast path gave an event for a line the reference rejects (${ref.stage}: ${ref.code})`;
  if (ref.warning !== undefined)
    return `fast path gave an event for a line whose reference verdict carries a warning (${ref.warning}); it must say undefined`;
  if (typeof fast !== "object" || fast === null) return `fast path gave ${String(fast)}, not an object`;
  const record = fast as Record<string, unknown>;
  const want = ref.event as Record<string, unknown>;
  const got = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  const expected = Object.keys(want).sort();
  if (got.join("\u0000") !== expected.join("\u0000"))
    return `own keys differ: fast ${JSON.stringify(got)}, reference ${JSON.stringify(expected)}`;
  for (const key of expected) {
    const diff = sameValue(record[key], want[key], `/${key}`);
    if (diff !== undefined) return diff;
  }
  if (want.data !== undefined && JSON.stringify(record.data) !== JSON.stringify(want.data))
    return `data key order differs: fast ${JSON.stringify(record.data)}, reference ${JSON.stringify(want.data)}`;
  const ts = parseTimestamp(fast.timestamp);
  if (!Object.is(ts, ref.ts)) return `instant differs: fast ${ts}, reference ${ref.ts}`;
  return undefined;
}

/** The first difference between two JSON values (Object.is on leaves, exact own keys on objects). */
function sameValue(got: unknown, want: unknown, pointer: string): string | undefined {
  if (typeof want !== "object" || want === null) {
    return Object.is(got, want) ? undefined : `${pointer}: fast ${shown(got)}, reference ${shown(want)}`;
  }
  if (typeof got !== "object" || got === null || Array.isArray(got) !== Array.isArray(want))
    return `${pointer}: fast ${shown(got)}, reference ${shown(want)}`;
  const a = got as Record<string, unknown>;
  const b = want as Record<string, unknown>;
  const gotKeys = Object.keys(a).sort();
  const wantKeys = Object.keys(b).sort();
  if (gotKeys.join("\u0000") !== wantKeys.join("\u0000"))
    return `${pointer}: own keys differ: fast ${JSON.stringify(gotKeys)}, reference ${JSON.stringify(wantKeys)}`;
  for (const key of wantKeys) {
    const diff = sameValue(a[key], b[key], `${pointer}/${key}`);
    if (diff !== undefined) return diff;
  }
  return undefined;
}

function shown(value: unknown): string {
  if (Object.is(value, -0)) return "-0";
  if (value === undefined) return "undefined";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** The bytes of every line of the given NDJSON files, as the reader hands them on (no LF, CR, or first-line BOM). */
export function ndjsonLines(files: readonly string[]): { file: string; line: number; bytes: Buffer }[] {
  const lines: { file: string; line: number; bytes: Buffer }[] = [];
  for (const file of files) {
    const buf = readFileSync(file);
    lines.push(...splitLines(buf).map((bytes, i) => ({ file, line: i + 1, bytes })));
  }
  return lines;
}

/** A dump's bytes split into lines as readLineSpans does: LF, then one trailing CR, then the BOM of line 1. */
export function splitLines(buf: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let pos = 0;
  while (pos < buf.length) {
    let nl = buf.indexOf(0x0a, pos);
    if (nl === -1) nl = buf.length;
    let start = pos;
    let end = nl;
    if (end > start && buf[end - 1] === 0x0d) end -= 1;
    if (lines.length === 0 && end - start >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
      start += 3;
    lines.push(Buffer.from(buf.subarray(start, end)));
    pos = nl + 1;
  }
  return lines;
}

/** The *.ndjson files under a directory, recursively, sorted. */
export function ndjsonFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ndjson"))
    .sort()
    .map((name) => join(dir, name));
}
