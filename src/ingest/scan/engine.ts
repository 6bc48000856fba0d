// The engine of a run (TELTEL_EVENTS_ENGINE): which scanner answers canonical lines before the reference path
// (JSON.parse + normalize + ajv), which alone judges the lines a scanner refuses and words their problems.
import type { TelTelEvent } from "../../types.js";
import type { ScannedLine } from "../store/scan-codec.js";
import { type BatchScanner, createJsBatchScanner } from "./batch-scanner.js";
import { decodeEvent } from "./decode.js";
import { createWasmScanner } from "./wasm-scanner.js";

/** wasm (the default), its JS port, or the reference path alone. */
export type ScanEngine = "wasm" | "js" | "reference";
/** The engines, default first. */
export const ENGINES: readonly ScanEngine[] = ["wasm", "js", "reference"];

/** Canonical lines of one batch at a time, as events. */
export interface LineScanner {
  /** The scanner in use: "js" also when wasm was asked for but could not load. */
  readonly engine: "wasm" | "js";
  /** Takes a batch: the lines asked for next are spans of it. */
  batch(buf: Uint8Array): void;
  /**
   * The event of line [start, end) of the batch (its instant in at.ts), or undefined when not sure: a
   * FastEvent (fast-event.ts), equal to what JSON.parse + normalize + the bundled schema would give.
   */
  event(start: number, end: number, at?: { ts: number }): TelTelEvent | undefined;
  /**
   * Whether line [start, end) of the batch is canonical: then `scanned` holds it (its ts set; the caller sets
   * its file, line and seq) until the next line is scanned.
   */
  accept(start: number, end: number): boolean;
  /** The line accept last took, as the store takes it. */
  readonly scanned: ScannedLine;
}

/** The line scanner of an engine: none for the reference path; the JS scanner when the wasm cannot load. */
export function createLineScanner(engine: ScanEngine | undefined): LineScanner | undefined {
  if (engine === undefined || engine === "reference") return undefined;
  let scanner: BatchScanner;
  try {
    scanner = engine === "wasm" ? createWasmScanner() : createJsBatchScanner();
  } catch {
    scanner = createJsBatchScanner();
  }
  const scanned: ScannedLine = {
    get bytes() {
      return scanner.bytes;
    },
    get out() {
      return scanner.out;
    },
    length: 0,
    ts: Number.NaN,
    file: "",
    line: 0,
    seq: 0,
    materialise() {
      const { ts, file, line, seq } = scanned;
      return { event: decodeEvent(scanner) as unknown as TelTelEvent, ts, file, line, seq };
    },
  };
  return {
    engine: scanner.engine,
    scanned,
    batch: (buf) => scanner.load(buf),
    accept(start, end) {
      if (!scanner.scan(start, end)) return false;
      scanned.ts = scanner.ts[0] as number;
      scanned.length = end - start;
      return true;
    },
    event(start, end, at) {
      if (!scanner.scan(start, end)) return undefined;
      if (at !== undefined) at.ts = scanner.ts[0] as number;
      return decodeEvent(scanner) as unknown as TelTelEvent;
    },
  };
}
