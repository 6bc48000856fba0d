// Chunk splitting: a chunk's bytes (whole lines of one input, cut at newlines) cut into lines — LF or CRLF, the
// BOM removed from an input's line 1, over-long lines counted but not kept — and peeked, into a line table of
// fixed capacity; lines past its capacity are split later, by the same function, from where it stopped.
import { type PeekedLines, peekLines } from "./partition.js";

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Rows of lines (capacity: starts.length): `[starts[i], ends[i])` without CR/LF (and BOM), start -1 for a
 * line longer than the limit; `sizes[i]` its raw length; `peeked` its owner and time (see peekLines).
 */
export interface LineTable {
  starts: Int32Array;
  ends: Int32Array;
  sizes: Float64Array;
  peeked: PeekedLines;
}

/** How to split: the line limit, the partitions to peek for, and whether the bytes open their input. */
export interface SplitRule {
  maxLineBytes: number;
  partitions: number;
  /** The split starts at the input's first byte: its line 1 may open with a UTF-8 byte order mark. */
  opensInput: boolean;
}

/**
 * Splits and peeks the lines of `buf` from `from` into `table`, up to its capacity: `lines` rows filled, and
 * `next`, where the first line left starts (buf.length when none is left). Bytes after the last LF are a line.
 */
export function splitChunk(
  buf: Buffer,
  from: number,
  rule: SplitRule,
  table: LineTable,
): { lines: number; next: number } {
  const { starts, ends, sizes } = table;
  const capacity = starts.length;
  const length = buf.length;
  let lines = 0;
  let pos = from;
  while (lines < capacity && pos < length) {
    const nl = buf.indexOf(NEWLINE, pos);
    const to = nl === -1 ? length : nl;
    const size = to - pos;
    sizes[lines] = size;
    if (size > rule.maxLineBytes) {
      starts[lines] = -1;
      ends[lines] = -1;
    } else {
      let start = pos;
      let end = to;
      if (end > start && buf[end - 1] === CARRIAGE_RETURN) end -= 1;
      // A UTF-8 byte order mark may open the first line only.
      if (
        rule.opensInput &&
        start === 0 &&
        end - start >= 3 &&
        buf[0] === 0xef &&
        buf[1] === 0xbb &&
        buf[2] === 0xbf
      )
        start += 3;
      starts[lines] = start;
      ends[lines] = end;
    }
    lines += 1;
    pos = to + 1;
  }
  const peeked = {
    owners: table.peeked.owners.subarray(0, lines),
    ts: table.peeked.ts.subarray(0, lines),
  };
  peekLines(buf, starts.subarray(0, lines), ends.subarray(0, lines), rule.partitions, peeked);
  return { lines, next: Math.min(pos, length) };
}

/** The lines of `buf` from `from` on (LFs, and the bytes after the last one, if any). */
export function countLines(buf: Buffer, from: number): number {
  let lines = 0;
  let pos = from;
  for (let nl = buf.indexOf(NEWLINE, pos); nl !== -1; nl = buf.indexOf(NEWLINE, pos)) {
    lines += 1;
    pos = nl + 1;
  }
  return pos < buf.length ? lines + 1 : lines;
}

/** One line of `size` bytes known only by its size (longer than the limit), as row 0 of `table`. */
export function overlongLine(size: number, table: LineTable): void {
  table.starts[0] = -1;
  table.ends[0] = -1;
  table.sizes[0] = size;
  table.peeked.owners[0] = -1;
  table.peeked.ts[0] = Number.NaN;
}
