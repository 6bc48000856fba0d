// One line scanned as the scan does (the default wasm engine), for tests that need an event as the scanners
// make it: the event, or undefined when the scanner is not sure.
import { createLineScanner } from "../../../src/ingest/scan/engine.js";
import type { TelTelEvent } from "../../../src/types.js";

const scanner = createLineScanner("wasm");

/** The event line [start, end) of buf holds (its instant in at.ts), as the wasm scanner decodes it. */
export function scanEventLine(
  buf: Uint8Array,
  start: number,
  end: number,
  at?: { ts: number },
): TelTelEvent | undefined {
  if (scanner === undefined) throw new Error("no scanner");
  scanner.batch(buf);
  return scanner.event(start, end, at);
}
