// What both scanners offer the decoder and the tests: the bytes of one batch in, per line a verdict and
// spec.ts's outputs; the JS one reads the batch where it is, the wasm one from its own memory.
import { type ByteScanner, createJsScanner } from "./js-scanner.js";

/** A scanner of the lines of one batch at a time. */
export interface BatchScanner {
  /** "wasm" or "js": which scanner this is. */
  readonly engine: "wasm" | "js";
  /** Takes a batch: the lines scanned next are spans of it. */
  load(buf: Uint8Array): void;
  /** Whether line [start, end) of the batch (a trailing \r ignored) is a canonical valid event. */
  scan(start: number, end: number): boolean;
  /** The outputs of the last accepted line (spec.ts's OUT); spans index `bytes`. */
  readonly out: Int32Array;
  /** The instant (epoch ms) of the last accepted line. */
  readonly ts: Float64Array;
  /** The bytes the spans index (the batch, or the wasm memory holding it), valid until the next load. */
  bytes: Uint8Array;
  /** Where the batch starts in `bytes`. */
  base: number;
}

/** The JS scanner over batches: it reads each batch where it is. */
export function createJsBatchScanner(): BatchScanner {
  const scanner: ByteScanner = createJsScanner();
  return {
    engine: "js",
    out: scanner.out,
    ts: scanner.ts,
    bytes: new Uint8Array(0),
    base: 0,
    load(buf) {
      // A plain Uint8Array view (not a Buffer, a subclass) keeps the byte loads of the scan monomorphic.
      this.bytes =
        buf.constructor === Uint8Array ? buf : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
    scan(start, end) {
      return scanner.scan(this.bytes, start, end);
    },
  };
}
