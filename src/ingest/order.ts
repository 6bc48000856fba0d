// Input order: files are read in the order of their first valid events' time, whatever order they were named
// in, so `analyze day2 day1` (or a glob that sorts dump-10 before dump-9) gives the figures of `day1 day2`.
import { parseTimestamp } from "./datetime.js";
import { normalizeEvent } from "./normalize.js";
import { parseLine } from "./parse.js";
import { type InputPlacement, type InputSource, rawLine, readLineSpans, STDIN_NAME } from "./read.js";
import { createLineScanner, type ScanEngine } from "./scan/engine.js";
import type { EventValidator } from "./validate.js";

export type { InputPlacement } from "./read.js";

/**
 * Valid events looked at per file: their median time is the file's start, so that a few lines with another
 * clock (a late delivery from the day before, a line the schema rejects) cannot move the file.
 */
const HEAD_EVENTS = 15;
/** Lines looked at per file at most, to find those events. */
const HEAD_LINES = 1000;

/** How the heads of the files are judged: as the scan judges lines (a scanner, else parse + schema). */
export interface OrderOptions {
  maxLineBytes: number;
  /** The engine that judges canonical lines first ("wasm" or "js" only with the bundled schema). */
  fastPath: ScanEngine;
  /** The validator, asked for only when a head line needs it (a threaded run's main thread may not load ajv). */
  validator: () => EventValidator | Promise<EventValidator>;
}

/**
 * The inputs sorted by the time of their first valid events (the median of the first few), stable (files
 * that start at the same instant keep their order); stdin and files with no valid event in their head keep
 * their place after the input before them. Each comes back with its placement (its place as named, and the
 * line whose time placed it). Reading a file's head also stops early on what would stop the run (an
 * unreadable or bzip2/xz/zstd file).
 */
export async function orderInputsByTime(
  inputs: readonly InputSource[],
  options: OrderOptions,
): Promise<InputSource[]> {
  const files = inputs.filter((input) => input.name !== STDIN_NAME).length;
  const placed: { input: InputSource; index: number; start: number }[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const [index, input] of inputs.entries()) {
    const head = files < 2 || input.name === STDIN_NAME ? undefined : await headStart(input, options);
    previous = head?.ts ?? previous;
    const placement: InputPlacement = head === undefined ? { named: index } : { named: index, ...head };
    placed.push({ input: { ...input, placement }, index, start: previous });
  }
  return placed.sort((a, b) => a.start - b.start || a.index - b.index).map(({ input }) => input);
}

/** The median of the times of an input's first valid events, and its line; undefined when there is none. */
async function headStart(
  input: InputSource,
  options: OrderOptions,
): Promise<{ line: number; ts: number } | undefined> {
  const heads: { line: number; ts: number }[] = [];
  let validator: EventValidator | undefined;
  let lines = 0;
  const at = { ts: Number.NaN };
  const scanner = createLineScanner(options.fastPath);
  for await (const spans of readLineSpans(input, options.maxLineBytes)) {
    const { buf, starts, ends, sizes } = spans;
    scanner?.batch(buf);
    for (let i = 0; i < starts.length && heads.length < HEAD_EVENTS; i += 1) {
      const start = starts[i] as number;
      const end = ends[i] as number;
      const line = spans.firstLine + i;
      if (start !== -1 && scanner?.event(start, end, at) !== undefined) {
        heads.push({ line, ts: at.ts });
        continue;
      }
      const parsed = parseLine(input.name, rawLine(buf, line, start, end, sizes[i] as number));
      if (parsed.kind !== "object") continue;
      validator ??= await options.validator();
      const result = validator(normalizeEvent(parsed.value));
      const ts = result.ok ? parseTimestamp(result.event.timestamp) : Number.NaN;
      if (!Number.isNaN(ts)) heads.push({ line, ts });
    }
    lines += starts.length;
    // Leaving the loop closes the file (readLineSpans lets go of its stream).
    if (heads.length >= HEAD_EVENTS || lines >= HEAD_LINES) break;
  }
  if (heads.length === 0) return undefined;
  heads.sort((a, b) => a.ts - b.ts || a.line - b.line);
  return heads[(heads.length - 1) >> 1];
}
