// The wasm scanner (wasm/scanner.ts, built into dist/ingest/scan/scanner.wasm) behind the BatchScanner of the
// JS one: each batch is copied into its memory once, when its first line is scanned; audio_url's URI check is
// ajv-formats' function here, as in the JS scanner.
import { readFileSync } from "node:fs";
import { fullFormats } from "ajv-formats/dist/formats.js";
import type { BatchScanner } from "./batch-scanner.js";
import { latin1 } from "./latin1.js";
import { OUT, SLOT } from "./spec.js";

// The few WebAssembly names used here (the project's lib, ES2023 without the DOM, does not declare them).
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WASM = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

interface ScannerExports {
  memory: WasmMemory;
  outAt(): number;
  tsAt(): number;
  freeAt(): number;
  init(): void;
  scanLine(start: number, end: number): number;
}

const isUri = fullFormats.uri as (text: string) => boolean;
// The same file from src/ingest/scan (tests) and from dist/ingest/scan (the built tool).
const WASM_FILE = new URL("../../../dist/ingest/scan/scanner.wasm", import.meta.url);
const PAGE = 65_536;
/** Bytes after a batch that a scan may look at past a line's end (it never accepts because of them). */
const TAIL = 64;
const AUDIO = OUT.spans + 2 * SLOT.audio_url;

let compiled: object | undefined;

/** A wasm scanner with its own memory; throws when the module cannot be read or instantiated. */
export function createWasmScanner(): BatchScanner {
  compiled ??= new WASM.Module(readFileSync(WASM_FILE));
  const wasm = new WASM.Instance(compiled, { env: { abort: fail } }).exports as unknown as ScannerExports;
  wasm.init();
  const { memory } = wasm;
  const free = wasm.freeAt();
  let out = new Int32Array(memory.buffer, wasm.outAt(), OUT.length);
  let ts = new Float64Array(memory.buffer, wasm.tsAt(), 1);
  let pending: Uint8Array | undefined;
  const scanner: BatchScanner = {
    engine: "wasm",
    get out() {
      return out;
    },
    get ts() {
      return ts;
    },
    bytes: new Uint8Array(memory.buffer),
    base: free,
    load(buf) {
      pending = buf;
    },
    scan(start, end) {
      if (pending !== undefined) copy(pending);
      if (wasm.scanLine(free + start, free + end) === 0) return false;
      const from = out[AUDIO] as number;
      return from < 0 || isUri(latin1(scanner.bytes, from, out[AUDIO + 1] as number));
    },
  };
  function copy(buf: Uint8Array): void {
    pending = undefined;
    const need = free + buf.length + TAIL - memory.buffer.byteLength;
    if (need > 0) {
      memory.grow(Math.ceil(need / PAGE));
      out = new Int32Array(memory.buffer, wasm.outAt(), OUT.length);
      ts = new Float64Array(memory.buffer, wasm.tsAt(), 1);
      scanner.bytes = new Uint8Array(memory.buffer);
    }
    scanner.bytes.set(buf, free);
    scanner.bytes.fill(0, free + buf.length, free + buf.length + TAIL);
  }
  return scanner;
}

function fail(): never {
  throw new Error("the wasm scanner aborted");
}
