// Both scanners on one line, checked against each other and against the reference path: the same verdict, the
// same outputs (spans rebased to the line's buffer), the same instant; an accepted line's decoded event must be
// the reference's event (fastPathDisagreement), its instant the reference's, its id hashes FNV-1a of its values.
import { type BatchScanner, createJsBatchScanner } from "../../../src/ingest/scan/batch-scanner.js";
import { decodeEvent } from "../../../src/ingest/scan/decode.js";
import { OUT, SLOTS } from "../../../src/ingest/scan/spec.js";
import { createWasmScanner } from "../../../src/ingest/scan/wasm-scanner.js";
import type { TelTelEvent } from "../../../src/types.js";
import { fastPathDisagreement, type ReferenceVerdict } from "../../support/reference-line.js";

/** The two scanners, each with its own memory of key order. */
export interface Engines {
  wasm: BatchScanner;
  js: BatchScanner;
}

/** A wasm scanner (it must load: no silent fallback here) and a JS one. */
export function createEngines(): Engines {
  const wasm = createWasmScanner();
  if (wasm.engine !== "wasm") throw new Error("not the wasm scanner");
  return { wasm, js: createJsBatchScanner() };
}

/** What both scanners said of a line: the verdict, and when accepted the event (decoded from wasm) and instant. */
export interface BothVerdict {
  accepted: boolean;
  event?: TelTelEvent;
  ts?: number;
}

/** FNV-1a (32-bit, signed) of a string of bytes < 256, computed apart from the scanners. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** Scans [start, end) of buf with both; throws on any difference between them. */
export function scanBoth(engines: Engines, buf: Uint8Array, start: number, end: number): BothVerdict {
  const { wasm, js } = engines;
  wasm.load(buf);
  js.load(buf);
  const w = wasm.scan(start, end);
  const j = js.scan(start, end);
  if (w !== j) throw new Error(`verdicts differ: wasm ${w}, js ${j}`);
  if (!w) return { accepted: false };
  for (let k = 0; k < OUT.length; k += 1) {
    let a = wasm.out[k] as number;
    let b = js.out[k] as number;
    if (k >= OUT.spans && k < OUT.hashes) {
      a = a < 0 ? a : a - wasm.base;
      b = b < 0 ? b : b - js.base;
    }
    // an absent slot's hash is whatever the last line that had it left
    if (k >= OUT.hashes && k < OUT.valueHash && (js.out[OUT.spans + 2 * (k - OUT.hashes)] as number) < 0)
      continue;
    if (a !== b) throw new Error(`output ${k} differs: wasm ${a}, js ${b}`);
  }
  if (!Object.is(wasm.ts[0], js.ts[0]))
    throw new Error(`instants differ: wasm ${wasm.ts[0]}, js ${js.ts[0]}`);
  const event = decodeEvent(wasm) as unknown as TelTelEvent;
  const fromJs = decodeEvent(js) as unknown as TelTelEvent;
  if (JSON.stringify(event) !== JSON.stringify(fromJs))
    throw new Error(`decoded events differ: wasm ${JSON.stringify(event)}, js ${JSON.stringify(fromJs)}`);
  for (let s = 0; s < SLOTS; s += 1) {
    const from = js.out[OUT.spans + 2 * s] as number;
    const to = js.out[OUT.spans + 2 * s + 1] as number;
    if (from < 0 || to < 0 || s === 2) continue;
    const hash = fnv1a(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength).toString("latin1", from, to));
    if (js.out[OUT.hashes + s] !== hash)
      throw new Error(`slot ${s}: hash ${js.out[OUT.hashes + s]}, FNV-1a ${hash}`);
  }
  return { accepted: true, event, ts: wasm.ts[0] as number };
}

/** Bytes around a line inside a larger buffer, which a scanner reading past [start, end) would see. */
export const PREFIXES = ["", "\n", '{"event":"START"}\n', "\uFEFF", '"'].map((s) => Buffer.from(s));
/** Bytes after a line inside a larger buffer (see PREFIXES). */
export const SUFFIXES = [
  "",
  "\n",
  "\r\n",
  "\r",
  "}",
  '"}',
  "0}",
  ',"x":1}',
  '\n{"event":"START"}\n',
  "\u00e9",
].map((s) => Buffer.from(s));

/** The reference verdict in a few words, for failure messages. */
export function summary(ref: ReferenceVerdict): string {
  if (!ref.valid) return `rejected (${ref.stage}: ${ref.code})`;
  return `valid ${ref.event.event} at ${ref.ts}${ref.warning === undefined ? "" : ` with warning ${ref.warning}`}`;
}

/** Why the scanners' answer breaks the contract against the reference verdict, or undefined. */
export function disagreement(both: BothVerdict, ref: ReferenceVerdict): string | undefined {
  if (!both.accepted) return undefined;
  const why = fastPathDisagreement(both.event, ref);
  if (why !== undefined) return why;
  if (ref.valid && !Object.is(both.ts, ref.ts)) return `instant ${both.ts}, the reference reads ${ref.ts}`;
  return undefined;
}
