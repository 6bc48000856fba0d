// A session the store finalised, handed on with its rows still in the store: a consumer reads them as columns
// (event-columns.ts) with no event object made, or as events (made on first use); release() frees the rows once
// the consumer is done with the session.
import type { LineRef, SourcedEvent } from "../../types.js";
import type { ColumnarSession, EventColumns } from "../event-columns.js";
import type { EventRows } from "./event-rows.js";
import type { TextCache } from "./text-cache.js";

/** A finalised session over its rows, in session order (timestamp, lifecycle, input order). */
export class StoredSession implements ColumnarSession {
  readonly sessionId: string;
  readonly first: LineRef;
  readonly #rows: EventRows;
  readonly #order: Int32Array;
  /** The newest row, which chains the others (rows.next) until they are released. */
  readonly #head: number;
  readonly #texts: TextCache;
  #events: SourcedEvent[] | undefined = undefined;
  #released = false;

  /** The session of `sessionId` over `chained`, its rows in chain order (a scratch: sorted in place). */
  constructor(sessionId: string, rows: EventRows, chained: number[], texts: TextCache) {
    this.sessionId = sessionId;
    this.#rows = rows;
    this.#head = chained[0] as number;
    // Array's sort, as the events were sorted before: the same order even for a comparator that is not total.
    if (chained.length > 1) chained.sort((a, b) => compareRows(rows, a, b));
    const order = Int32Array.from(chained);
    this.#order = order;
    this.#texts = texts;
    // The first in input order: the least position, the first of equals in session order.
    let first = order[0] as number;
    for (let i = 1; i < order.length; i += 1) {
      const row = order[i] as number;
      if (rows.seqOf(row) < rows.seqOf(first)) first = row;
    }
    this.first = { file: rows.fileOf(first), line: rows.lineOf(first) };
  }

  /** The events, made from the rows on first use (before release()). */
  get events(): SourcedEvent[] {
    if (this.#events === undefined) {
      this.#unreleased();
      const rows = this.#rows;
      this.#events = Array.from(this.#order, (row) => rows.read(row, this.sessionId));
    }
    return this.#events;
  }

  /** Fills `into` with the session's events, from the rows (before release()) or the events once made. */
  columns(into: EventColumns): void {
    if (this.#events !== undefined) {
      into.fill(this.#events);
      return;
    }
    this.#unreleased();
    const order = this.#order;
    into.reset(order.length);
    for (let i = 0; i < order.length; i += 1)
      this.#rows.readColumns(order[i] as number, into, i, this.#texts, this.sessionId);
  }

  /** The session as JSON.stringify writes a plain one. */
  toJSON(): { sessionId: string; events: SourcedEvent[]; first: LineRef } {
    return { sessionId: this.sessionId, events: this.events, first: this.first };
  }

  /** Frees the rows; the session's events stay readable only if they were made before. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    const rows = this.#rows;
    // Along the chain, newest first, as the rows were freed when they were read at once.
    for (let row = this.#head; row !== -1; ) {
      const after = rows.next[row] as number;
      rows.release(row);
      row = after;
    }
  }

  #unreleased(): void {
    if (this.#released) throw new Error(`session ${this.sessionId} was read after its rows were released`);
  }
}

/** Rows as compareEvents orders their events: timestamp, then lifecycle rank, then input position. */
function compareRows(rows: EventRows, a: number, b: number): number {
  const byTime = (rows.ts[a] as number) - (rows.ts[b] as number);
  if (byTime) return byTime;
  const rankA = rows.rank[a] as number;
  const rankB = rows.rank[b] as number;
  // An event name without a rank orders by input position alone, as compareEvents's NaN does.
  if (rankA !== rankB && rankA !== 0 && rankB !== 0) return rankA - rankB;
  return rows.seqOf(a) - rows.seqOf(b);
}
