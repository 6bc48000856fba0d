// Chunk walking (a worker of a parallel run): the chunks the main thread posts are read, split and peeked once
// between the workers — the first to claim a chunk does it, into the chunk's shared table (phase 1) — and then
// every worker walks every chunk's lines, in input order, as scan batches (phase 2), numbering them here.
import { readSync } from "node:fs";
import { getSystemErrorName } from "node:util";
import { errnoWords } from "../errno.js";
import type { ScanBatch } from "./batch.js";
import { countLines, type LineTable, overlongLine, splitChunk } from "./chunk-split.js";
import type { ChunkPlan } from "./chunks.js";
import { InputError } from "./input-error.js";
import type { InputPlacement } from "./read.js";

/** One chunk as the main thread posts it: its plan (without bytes), its slot and the slot's shared memory. */
export interface ChunkMessage {
  plan: Omit<ChunkPlan, "parts">;
  file: string;
  placement?: InputPlacement;
  slot: number;
  /** The chunk's bytes: read into it by phase 1 ("range") or copied in by the main thread ("bytes"). */
  buf: SharedArrayBuffer;
  /** The slot's line table (see tableViews), filled by phase 1. */
  table: SharedArrayBuffer;
}

/** What a worker is posted: a chunk, or the end of the input. */
export type WalkInput = ChunkMessage | { end: true };

/** Words of the run's shared control array: messages posted so far, aborted, then a row per slot. */
export const POSTED = 0;
export const ABORTED = 1;
const SLOTS_AT = 8;
const STRIDE = 8;
/** A slot's row: its chunk's state, lines, lines in its table, where the rest starts, bytes read, errno. */
export const STATE = 0;
export const LINES = 1;
const STORED = 2;
const NEXT = 3;
const LENGTH = 4;
const ERRNO = 5;
/** A slot's chunk: posted (unclaimed), claimed by a worker's phase 1, scanned, or not readable. */
export const POSTED_CHUNK = 0;
const CLAIMED = 1;
const SCANNED = 2;
const FAILED = 3;

/** The index of word `word` of slot `slot`'s row in the control array. */
export function slotWord(slot: number, word: number): number {
  return SLOTS_AT + slot * STRIDE + word;
}

/** The control array of a run with `slots` slots. */
export function controlBuffer(slots: number): SharedArrayBuffer {
  return new SharedArrayBuffer((SLOTS_AT + slots * STRIDE) * 4);
}

/** Bytes of a line table per line: size and time (float64), start, end and owner (int32). */
const TABLE_BYTES_PER_LINE = 28;

/** A shared line table of `lines` rows. */
export function tableBuffer(lines: number): SharedArrayBuffer {
  return new SharedArrayBuffer(lines * TABLE_BYTES_PER_LINE);
}

/** The first `lines` rows of a line table, each column a view, none copied. */
export function tableViews(table: ArrayBufferLike, lines: number): LineTable {
  const capacity = table.byteLength / TABLE_BYTES_PER_LINE;
  return {
    sizes: new Float64Array(table, 0, lines),
    peeked: {
      ts: new Float64Array(table, 8 * capacity, lines),
      owners: new Int32Array(table, 24 * capacity, lines),
    },
    starts: new Int32Array(table, 16 * capacity, lines),
    ends: new Int32Array(table, 20 * capacity, lines),
  };
}

/** How the walk splits: the line limit and the partitions (workers) it peeks for. */
export interface WalkRule {
  maxLineBytes: number;
  partitions: number;
}

/**
 * The scan batches of every chunk posted to this worker, in input order. `receive` takes the next message if
 * one is waiting; `through` is told once this worker is done with a chunk (its slot may then be reused).
 */
export async function* walkChunks(
  control: Int32Array,
  receive: () => WalkInput | undefined,
  rule: WalkRule,
  through: () => void,
): AsyncGenerator<ScanBatch> {
  const queue: ChunkMessage[] = [];
  let received = 0;
  let ended = false;
  let fileLines = 0;
  let seq = 0;
  let spare: LineTable | undefined;
  for (;;) {
    for (let input = receive(); input !== undefined; input = receive()) {
      received += 1;
      if ("end" in input) ended = true;
      else queue.push(input);
    }
    // Phase 1 of the first chunk nobody has claimed, then phase 2 of the next chunk in order once scanned.
    const claimed = queue.find(
      (m) =>
        Atomics.compareExchange(control, slotWord(m.slot, STATE), POSTED_CHUNK, CLAIMED) === POSTED_CHUNK,
    );
    if (claimed !== undefined) scanChunk(control, claimed, rule);
    const head = queue[0];
    if (head === undefined) {
      if (ended) return;
      waitFor(control, POSTED, received);
      continue;
    }
    const state = Atomics.load(control, slotWord(head.slot, STATE));
    if (state === POSTED_CHUNK || (state === CLAIMED && claimed !== undefined)) continue;
    if (state === CLAIMED) {
      waitFor(control, slotWord(head.slot, STATE), CLAIMED);
      continue;
    }
    queue.shift();
    const { plan, file } = head;
    if (plan.first) fileLines = 0;
    if (state === FAILED || plan.kind === "failed") {
      const errno = Atomics.load(control, slotWord(head.slot, ERRNO));
      const reason = plan.reason ?? errnoWords({ code: errno < 0 ? getSystemErrorName(errno) : "" });
      throw new InputError(`${file}: cannot be read after line ${fileLines} (${reason}).`);
    }
    const lines = Atomics.load(control, slotWord(head.slot, LINES));
    const stored = Atomics.load(control, slotWord(head.slot, STORED));
    const buf = Buffer.from(head.buf, 0, Atomics.load(control, slotWord(head.slot, LENGTH)));
    let placement = plan.first ? head.placement : undefined;
    let table = tableViews(head.table, stored);
    let count = stored;
    let from = Atomics.load(control, slotWord(head.slot, NEXT));
    let line = fileLines + 1;
    for (;;) {
      const last = from >= buf.length;
      const truncated = last ? plan.truncated : undefined;
      if (count > 0 || truncated !== undefined)
        yield {
          file,
          firstLine: line,
          firstSeq: seq,
          buf,
          ...table,
          ...(placement === undefined ? {} : { placement }),
          ...(truncated === undefined ? {} : { truncated }),
        };
      placement = undefined;
      line += count;
      seq += count;
      if (last) break;
      // Lines past the shared table's capacity (a chunk of very short lines): each worker splits them itself.
      spare ??= tableViews(
        new ArrayBuffer(head.table.byteLength),
        head.table.byteLength / TABLE_BYTES_PER_LINE,
      );
      const more = splitChunk(buf, from, { ...rule, opensInput: false }, spare);
      table = tableViews(spare.sizes.buffer, more.lines);
      count = more.lines;
      from = more.next;
    }
    fileLines += lines;
    through();
  }
}

/** Blocks until word `at` of the control array is no longer `value`; a run that failed elsewhere throws. */
function waitFor(control: Int32Array, at: number, value: number): void {
  Atomics.wait(control, at, value);
  if (Atomics.load(control, ABORTED) !== 0) throw new Error("the run stopped");
}

/** Phase 1: reads (a file range), splits and peeks one chunk into its slot's table, and says so. */
function scanChunk(control: Int32Array, message: ChunkMessage, rule: WalkRule): void {
  const { plan, slot } = message;
  const row = (word: number, value: number): void => {
    Atomics.store(control, slotWord(slot, word), value);
  };
  let state = FAILED;
  try {
    const table = tableViews(message.table, message.table.byteLength / TABLE_BYTES_PER_LINE);
    let length = plan.kind === "bytes" ? plan.length : 0;
    const buf = Buffer.from(message.buf, 0, plan.length);
    if (plan.kind === "range") {
      try {
        for (let n = -1; length < plan.length && n !== 0; length += n)
          n = readSync(plan.fd, buf, length, plan.length - length, plan.offset + length);
      } catch (error) {
        row(ERRNO, (error as NodeJS.ErrnoException).errno ?? 0);
        return;
      }
    }
    let lines = 0;
    if (plan.kind === "overlong") {
      overlongLine(plan.size, table);
      row(STORED, 1);
      row(NEXT, 0);
      lines = 1;
    } else if (plan.kind !== "failed") {
      const bytes = buf.subarray(0, length);
      const split = splitChunk(bytes, 0, { ...rule, opensInput: plan.first }, table);
      row(STORED, split.lines);
      row(NEXT, split.next);
      lines = split.lines + countLines(bytes, split.next);
    }
    row(LINES, lines);
    row(LENGTH, length);
    state = SCANNED;
  } finally {
    row(STATE, state);
    Atomics.notify(control, slotWord(slot, STATE));
  }
}
