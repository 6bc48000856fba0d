// Splitting stage: an input's bytes, buffer after buffer, cut into lines as byte ranges (LF or CRLF, BOM
// removed from line 1, over-long lines counted but not kept), whoever reads the buffers (read.ts).

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const NO_BYTES = Buffer.alloc(0);

/**
 * The lines of one stretch of an input, as byte ranges into one buffer (no copy, no decoding).
 * Line `firstLine + i` is `buf[starts[i], ends[i])` without its CR/LF (and BOM on line 1);
 * `starts[i]` is -1 when the line was longer than maxLineBytes; `sizes[i]` is its raw length in bytes.
 * `buf` is good until the next spans of the input are asked for: a file's buffers are reused.
 */
export interface LineSpans {
  file: string;
  firstLine: number;
  buf: Buffer;
  starts: number[];
  ends: number[];
  sizes: number[];
  /** On the input's last spans only: why its bytes ended before their end (a cut or corrupt gzip stream). */
  truncated?: string;
}

/** Cuts one input's buffers into lines, numbering them from 1; call in the order of the bytes. */
export interface LineSplitter {
  /** Lines cut so far. */
  readonly lines: number;
  /**
   * The lines of `buf` from `from` on that end in it (a line being skipped as too long ends at its first LF);
   * `rest` then says where its unfinished last line starts (-1: none, or it is too long and being skipped).
   */
  split(buf: Buffer, from: number): LineSpans;
  /** Where the unfinished last line of the last split buffer starts, or -1. */
  readonly rest: number;
  /** `buf` as one whole line (the unfinished line of one buffer joined with its end from the next). */
  whole(buf: Buffer): LineSpans;
  /** The input's last line: the unfinished line left (`carry`), or the one being skipped, if any. */
  end(carry: Buffer | undefined): LineSpans;
}

/** A splitter of the input named `file`; lines longer than `maxLineBytes` get start -1. */
export function createLineSplitter(file: string, maxLineBytes: number): LineSplitter {
  let lines = 0;
  let rest = -1;
  let skipping = false;
  let skippedBytes = 0;
  let spans = newSpans(file, 1, NO_BYTES);

  const push = (buf: Buffer, from: number, to: number): void => {
    const size = to - from;
    lines += 1;
    spans.sizes.push(size);
    if (size > maxLineBytes) {
      spans.starts.push(-1);
      spans.ends.push(-1);
      return;
    }
    let start = from;
    let end = to;
    if (end > start && buf[end - 1] === CARRIAGE_RETURN) end -= 1;
    // A UTF-8 byte order mark may open the first line only.
    if (
      lines === 1 &&
      end - start >= 3 &&
      buf[start] === 0xef &&
      buf[start + 1] === 0xbb &&
      buf[start + 2] === 0xbf
    )
      start += 3;
    spans.starts.push(start);
    spans.ends.push(end);
  };
  const skipped = (size: number): void => {
    lines += 1;
    spans.starts.push(-1);
    spans.ends.push(-1);
    spans.sizes.push(size);
    skipping = false;
  };

  return {
    get lines() {
      return lines;
    },
    get rest() {
      return rest;
    },
    split(buf, from) {
      spans = newSpans(file, lines + 1, buf);
      let pos = from;
      rest = -1;
      if (skipping) {
        const nl = buf.indexOf(NEWLINE, pos);
        if (nl === -1) {
          skippedBytes += buf.length - pos;
          return spans;
        }
        skipped(skippedBytes + nl - pos);
        pos = nl + 1;
      }
      for (let nl = buf.indexOf(NEWLINE, pos); nl !== -1; nl = buf.indexOf(NEWLINE, pos)) {
        push(buf, pos, nl);
        pos = nl + 1;
      }
      const tail = buf.length - pos;
      if (tail > maxLineBytes) {
        skipping = true;
        skippedBytes = tail;
      } else if (tail > 0) rest = pos;
      return spans;
    },
    whole(buf) {
      spans = newSpans(file, lines + 1, buf);
      push(buf, 0, buf.length);
      return spans;
    },
    end(carry) {
      spans = newSpans(file, lines + 1, carry ?? NO_BYTES);
      if (skipping) skipped(skippedBytes);
      else if (carry !== undefined) push(carry, 0, carry.length);
      return spans;
    },
  };
}

function newSpans(file: string, firstLine: number, buf: Buffer): LineSpans {
  return { file, firstLine, buf, starts: [], ends: [], sizes: [] };
}
