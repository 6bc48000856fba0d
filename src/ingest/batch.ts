// Batching stage: the inputs' lines as the scan takes them, numbered across inputs, peeked or not.
import type { PeekedLines } from "./partition.js";
import { type InputPlacement, type InputSource, readLineSpans } from "./read.js";

/**
 * One stretch of consecutive lines of one input, as the scan takes it: the raw spans (see LineSpans), the
 * run-wide sequence number of its first line and, when a worker has peeked at them (parallel runs, chunk-walk.ts),
 * each line's owning partition (-1: unsure, every partition parses it) and timestamp, read from its bytes.
 * Its bytes (and in a worker its spans) are good until the next batch is asked for: they are then reused.
 */
export interface ScanBatch {
  file: string;
  firstLine: number;
  firstSeq: number;
  buf: Buffer;
  starts: ArrayLike<number>;
  ends: ArrayLike<number>;
  sizes: ArrayLike<number>;
  peeked?: PeekedLines;
  /** On an input's last batch only: why its bytes ended early (see LineSpans). */
  truncated?: string;
  /** On an input's first batch only: its placement in the read order, when the inputs were ordered. */
  placement?: InputPlacement;
}

/** Where the scan's lines come from: the input names (for ordering problems) and the batches themselves. */
export interface ScanSource {
  fileNames: string[];
  batches: AsyncIterable<ScanBatch>;
}

/**
 * Reads the inputs one after another as scan batches, numbering lines per file and sequence numbers across
 * them; `onProgress` hears the bytes read (before decompression) and the lines seen after each batch.
 */
export function readInputs(
  inputs: readonly InputSource[],
  maxLineBytes: number,
  onProgress?: (bytesRead: number, lines: number) => void,
): ScanSource {
  async function* batches(): AsyncGenerator<ScanBatch> {
    let bytesRead = 0;
    let seq = 0;
    const countBytes = (bytes: number): void => {
      bytesRead += bytes;
    };
    for (const input of inputs) {
      let placement = input.placement;
      for await (const spans of readLineSpans(input, maxLineBytes, countBytes)) {
        const firstSeq = seq;
        seq += spans.starts.length;
        yield placement === undefined ? { ...spans, firstSeq } : { ...spans, firstSeq, placement };
        placement = undefined;
        onProgress?.(bytesRead, seq);
      }
    }
  }
  return { fileNames: inputs.map((input) => input.name), batches: batches() };
}
