// The sessionizer's interface: what push decides, what it hands on, and what its store holds.
import type { Problem, SourcedEvent } from "../types.js";
import type { Session } from "./open-session.js";
import type { ScannedLine } from "./store/scan-codec.js";

/**
 * What happened to one pushed event: "unbelievable" is rejected (its clock is far ahead of the stream);
 * "oversized" arrived for a session already finalised at --max-session-events (counted as late).
 */
export type PushOutcome = "accepted" | "duplicate" | "conflict" | "late" | "unbelievable" | "oversized";

/** Where the sessionizer hands what it decides: finalised sessions, problems, and the outcome of held events. */
export interface SessionizerOutput {
  finalised: Session[];
  problems: Problem[];
  /** Events that were held (push returned "held"), with what became of them once the watermark decided. */
  decided: { item: SourcedEvent; outcome: PushOutcome }[];
  /**
   * Hands on what the lists hold so far; called while many sessions are finalised at once (end of input, an
   * idle sweep), so they are not all held together.
   */
  flush?: () => void;
}

/** A streaming grouper: push events in input order, collect finalised sessions, finish at end of input. */
export interface Sessionizer {
  /** Whether a line at `ts` this partition does not push needs its event id and session passed to observe. */
  wantsIdentity(ts: number): boolean;
  /**
   * Moves the watermark by a line this partition does not push (another partition's, or a rejected one:
   * no id); call it for every such line with a timestamp, in input order, in every partition.
   */
  observe(ts: number, id?: string, sessionId?: string): void;
  /**
   * Moves the watermark by the event's line (`lineTs`: the time every partition saw for it) and adds the
   * event; "held" when its clock is far ahead and it waits for the lines after it (see watermark.ts).
   */
  push(item: SourcedEvent, lineTs?: number): PushOutcome | "held";
  /** push for a line a scanner accepted, kept from the scan's outputs with no event made (but in rare cases). */
  pushScanned(scanned: ScannedLine, lineTs: number): PushOutcome | "held";
  finish(): void;
  readonly openSessions: number;
  /** What the store holds (for tests and diagnostics): event rows, interned session ids, arena bytes. */
  readonly held: StoreUse;
  /** The watermark: the newest believed timestamp observed so far (-Infinity before the first). */
  readonly watermark: number;
}

/** Counts of what a sessionizer's store holds. */
export interface StoreUse {
  /** Event rows of open sessions. */
  rows: number;
  /** Interned session ids: open sessions and tombstones. */
  slots: number;
  /** Bytes of the chunks of the events' values, and of the ids' bytes, in use. */
  valueBytes: number;
  keyBytes: number;
}
