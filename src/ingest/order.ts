// Input order: files are read in the order of their first events' time, whatever order they were named in,
// so `analyze day2 day1` (or a glob that sorts dump-10 before dump-9) gives the figures of `day1 day2`.
import { createLinePeeker } from "./partition.js";
import { type InputSource, readLineSpans, STDIN_NAME } from "./read.js";

/** Timestamps looked at per file: the earliest is the file's start (a head slightly out of order is fine). */
const HEAD_TIMESTAMPS = 15;
/** Lines looked at per file at most, to find those timestamps. */
const HEAD_LINES = 1000;

/**
 * The inputs sorted by the time of their first events (the earliest of the first few timestamps read from the
 * bytes), stable (files that start at the same instant keep their order); stdin and files with no readable timestamp keep their place after the input before them.
 * Reading a file's head also stops early on what would stop the run (an unreadable or bzip2/xz/zstd file).
 */
export async function orderInputsByTime(
  inputs: readonly InputSource[],
  maxLineBytes: number,
): Promise<InputSource[]> {
  if (inputs.filter((input) => input.name !== STDIN_NAME).length < 2) return [...inputs];
  const starts: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const input of inputs) {
    const start = input.name === STDIN_NAME ? Number.NaN : await headTime(input, maxLineBytes);
    previous = Number.isNaN(start) ? previous : start;
    starts.push(previous);
  }
  return inputs
    .map((input, index) => ({ input, index, start: starts[index] as number }))
    .sort((a, b) => a.start - b.start || a.index - b.index)
    .map(({ input }) => input);
}

/** The earliest of the first timestamps of an input's first lines, or NaN when none can be read. */
async function headTime(input: InputSource, maxLineBytes: number): Promise<number> {
  const times: number[] = [];
  let lines = 0;
  for await (const spans of readLineSpans(input, maxLineBytes)) {
    const peek = createLinePeeker(spans.buf);
    for (let i = 0; i < spans.starts.length && times.length < HEAD_TIMESTAMPS; i += 1) {
      const start = spans.starts[i] as number;
      if (start === -1) continue;
      const ts = peek.timestamp(start, spans.ends[i] as number);
      if (!Number.isNaN(ts)) times.push(ts);
    }
    lines += spans.starts.length;
    // Leaving the loop closes the file (readLineSpans lets go of its stream).
    if (times.length >= HEAD_TIMESTAMPS || lines >= HEAD_LINES) break;
  }
  return times.length === 0 ? Number.NaN : Math.min(...times);
}
