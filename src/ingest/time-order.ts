// Time order of the input: lines far behind the watermark (the newest believed time before them) mean files
// that overlap out of order, or a stream that went back in time.
import type { Problem } from "../types.js";
import type { InputPlacement } from "./read.js";

/** Watches each input's lines for going back in time; one problem per input that does. */
export interface TimeOrderWatch {
  /** Where an input was named and what placed it in the read order (before its first line is seen). */
  place(file: string, placement: InputPlacement): void;
  /** A line's time, before the watermark takes it in. */
  see(file: string, line: number, ts: number, watermark: number): void;
  /** The problems of the inputs seen so far (call once, at the end). */
  finish(): Problem[];
}

/**
 * How far behind the watermark a line must be to count as the input going back in time: a webhook delivered
 * minutes late is a late delivery (`late-event`), not files named out of order or a stream that rewinds.
 */
export const OUT_OF_ORDER_MIN_MS = 3_600_000;

/** A watch that tolerates lines up to an hour, or `latenessMs` if longer, behind the watermark. */
export function createTimeOrderWatch(latenessMs: number): TimeOrderWatch {
  const toleranceMs = Math.max(latenessMs, OUT_OF_ORDER_MIN_MS);
  const problems: Problem[] = [];
  const placed = new Map<string, InputPlacement>();
  let file = "";
  let first = 0;
  let count = 0;
  let furthest = 0;
  const close = (): void => {
    if (count === 0) return;
    problems.push({
      code: "input-out-of-order",
      file,
      line: first,
      message: `${count.toLocaleString("en-US")} ${count === 1 ? "line goes" : "lines go"} back in time, up to ${duration(furthest)} behind the events read before ${count === 1 ? "it" : "them"} (the first at this line): name files in time order, or they overlap; their calls may be split${movedBy(placed, file)}`,
    });
    count = 0;
  };
  return {
    place(inputFile, placement) {
      placed.set(inputFile, placement);
    },
    see(inputFile, line, ts, watermark) {
      if (inputFile !== file) {
        close();
        file = inputFile;
      }
      const behind = watermark - ts;
      if (!(behind > toleranceMs)) return;
      if (count === 0) first = line;
      count += 1;
      if (behind > furthest || count === 1) furthest = behind;
    },
    finish() {
      close();
      return problems;
    },
  };
}

/**
 * When files were read in another order than named, which file went before `file` though named after it, and
 * the line whose time put it there (the latest such file: the one whose events it follows most closely).
 */
function movedBy(placed: ReadonlyMap<string, InputPlacement>, file: string): string {
  const own = placed.get(file);
  if (own === undefined) return "";
  let mover: [string, InputPlacement & { line: number; ts: number }] | undefined;
  for (const [other, placement] of placed) {
    if (other === file) break;
    const { line, ts } = placement;
    if (placement.named > own.named && line !== undefined && ts !== undefined)
      if (mover === undefined || ts >= mover[1].ts) mover = [other, { ...placement, line, ts }];
  }
  if (mover === undefined) return "";
  const [other, { line, ts }] = mover;
  return `; ${other}, named after this file, was read before it: its first valid events are at ${new Date(ts).toISOString()} (its line ${line})`;
}

/** A duration for people: `2 d 3 h`, `1 h 12 min`, `5 min 3 s`, `42 s`. */
function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s % 60} s`;
  return `${s} s`;
}
