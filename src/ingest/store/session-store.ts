// The sessionizer's store of sessions, off the JS heap: interned ids (session-keys.ts), per-slot typed state,
// events as rows (event-rows.ts), open sessions listed in the order they opened, and tombstones as closed slots
// that expire in the order they were laid (tomb-queue.ts).

import type { SourcedEvent } from "../../types.js";
import { OUT, SLOT } from "../scan/spec.js";
import { EventRows, hashString } from "./event-rows.js";
import { type ScannedLine, scannedIdHash, scannedSessionHash } from "./scan-codec.js";
import { grown, SessionKeys } from "./session-keys.js";
import { StoredSession } from "./stored-session.js";
import { TextCache } from "./text-cache.js";
import { TombQueue } from "./tomb-queue.js";

const SESSION = OUT.spans + 2 * SLOT.session_id;
const ID = OUT.spans + 2 * SLOT.id;

/** A slot's state: free, an open session, or a finalised session's tombstone. */
export const FREE = 0;
export const OPEN = 1;
export const CLOSED = 2;

/** Sessions by slot: open ones with their events, closed ones until their tombstone expires. */
export class SessionStore {
  readonly keys = new SessionKeys();
  readonly rows = new EventRows();
  /** The strings of the values finalised sessions read as columns, once per distinct value while cached. */
  private readonly texts = new TextCache();
  /** A finalising session's rows in chain order (reused). */
  private readonly chained: number[] = [];
  private readonly tombs = new TombQueue();
  state = new Uint8Array(256);
  /** The first row of an open session's chain (its newest event first: they are ordered when finalised). */
  headRow = new Int32Array(256);
  /** Newest event time of an open session. */
  lastTs = new Float64Array(256);
  /** Time of an open session's first COMPLETED (NaN: none); a closed one's tombstone expiry. */
  time = new Float64Array(256);
  /** Neighbours in the list of open sessions (-1: none). */
  private prev = new Int32Array(256);
  private after = new Int32Array(256);
  /**
   * A number new each time the slot opens a session or is laid a tombstone (0 when free): a deadline names the
   * session it was pushed for by it, and a tombstone's place in the queue its tombstone.
   */
  stamp = new Int32Array(256);
  private lastStamp = 0;
  /** Rows findId walked: all of the session's when it found none. */
  walked = 0;
  /** The open session opened first (-1: none), and the last. */
  firstOpen = -1;
  private lastOpen = -1;
  openCount = 0;

  /** The slot of `sessionId` (open or closed), or -1. */
  find(sessionId: string): number {
    return this.keys.find(sessionId);
  }

  /** The open session after `slot` in opening order (-1: none). */
  nextOpen(slot: number): number {
    return this.after[slot] as number;
  }

  /** The slot of the session of the line a scanner accepted (open or closed), or -1. */
  findScanned(scanned: ScannedLine): number {
    const { out } = scanned;
    return this.keys.findSpan(
      scanned.bytes,
      out[SESSION] as number,
      out[SESSION + 1] as number,
      scannedSessionHash(scanned),
    );
  }

  /** Opens a session (not in the store) with its first event; returns its slot. */
  open(sessionId: string, item: SourcedEvent): number {
    const slot = this.keys.add(sessionId);
    return this.opened(slot, this.rows.add(item), item.ts);
  }

  /** Opens the session (not in the store) of the line a scanner accepted, with it; returns its slot. */
  openScanned(scanned: ScannedLine): number {
    const { out } = scanned;
    const slot = this.keys.addSpan(
      scanned.bytes,
      out[SESSION] as number,
      out[SESSION + 1] as number,
      scannedSessionHash(scanned),
    );
    return this.opened(slot, this.rows.addScanned(scanned), scanned.ts);
  }

  private opened(slot: number, row: number, ts: number): number {
    if (slot >= this.state.length) this.grow(this.state.length * 2);
    this.state[slot] = OPEN;
    this.stamp[slot] = this.newStamp();
    this.headRow[slot] = row;
    this.lastTs[slot] = ts;
    this.time[slot] = Number.NaN;
    this.prev[slot] = this.lastOpen;
    this.after[slot] = -1;
    if (this.lastOpen === -1) this.firstOpen = slot;
    else this.after[this.lastOpen] = slot;
    this.lastOpen = slot;
    this.openCount += 1;
    return slot;
  }

  /** Adds an event to the open session of `slot`. */
  append(slot: number, item: SourcedEvent): void {
    this.chain(slot, this.rows.add(item), item.ts);
  }

  /** Adds the line a scanner accepted to the open session of `slot`. */
  appendScanned(slot: number, scanned: ScannedLine): void {
    this.chain(slot, this.rows.addScanned(scanned), scanned.ts);
  }

  private chain(slot: number, row: number, ts: number): void {
    this.rows.next[row] = this.headRow[slot] as number;
    this.headRow[slot] = row;
    if (ts > (this.lastTs[slot] as number)) this.lastTs[slot] = ts;
  }

  /**
   * The event of the open session of `slot` with event id `id` (of session `sessionId`), if any; when there is
   * none, `walked` is the session's count of events.
   */
  findId(slot: number, id: string, sessionId: string): SourcedEvent | undefined {
    const { rows } = this;
    const hash = typeof id === "string" ? hashString(id) : 0;
    this.walked = 0;
    for (let row = this.headRow[slot] as number; row !== -1; row = rows.next[row] as number) {
      this.walked += 1;
      if (rows.idHash[row] !== hash) continue;
      const earlier = rows.read(row, sessionId);
      if (earlier.event.id === id) return earlier;
    }
    return undefined;
  }

  /** findId for the line a scanner accepted: its id is bytes of the line, compared only when the hashes agree. */
  findIdScanned(slot: number, scanned: ScannedLine): SourcedEvent | undefined {
    const { rows } = this;
    const { out, bytes } = scanned;
    const hash = scannedIdHash(scanned);
    const from = out[ID] as number;
    const n = (out[ID + 1] as number) - from;
    this.walked = 0;
    for (let row = this.headRow[slot] as number; row !== -1; row = rows.next[row] as number) {
      this.walked += 1;
      if (rows.idHash[row] !== hash) continue;
      const earlier = rows.read(row, this.keys.keyOf(slot));
      if (spells(earlier.event.id, bytes, from, n)) return earlier;
    }
    return undefined;
  }

  /**
   * The open session of `slot` as finalised: its rows in session order, still held until the session is released
   * (StoredSession.release). It leaves the open list; the slot keeps its key: entomb or release it next.
   */
  finalise(slot: number): StoredSession {
    const sessionId = this.keys.keyOf(slot);
    const { rows, chained } = this;
    chained.length = 0;
    for (let row = this.headRow[slot] as number; row !== -1; row = rows.next[row] as number)
      chained.push(row);
    this.unlink(slot);
    this.state[slot] = CLOSED;
    this.time[slot] = Number.NaN;
    return new StoredSession(sessionId, rows, chained, this.texts);
  }

  /** Lays a tombstone on the closed `slot`, expiring at `until` (after every tombstone laid before it). */
  entomb(slot: number, until: number): void {
    this.state[slot] = CLOSED;
    this.time[slot] = until;
    const stamp = this.newStamp();
    this.stamp[slot] = stamp;
    this.tombs.push(slot, stamp);
  }

  /** Lays (or renews, at the end of the order) the tombstone of `sessionId`, which has no open session. */
  entombKey(sessionId: string, until: number): void {
    let slot = this.keys.find(sessionId);
    if (slot === -1) {
      slot = this.keys.add(sessionId);
      if (slot >= this.state.length) this.grow(this.state.length * 2);
    }
    this.entomb(slot, until);
  }

  /** Forgets the closed `slot` (its tombstone, if any, is lifted) and frees it. */
  release(slot: number): void {
    this.state[slot] = FREE;
    this.stamp[slot] = 0;
    this.keys.release(slot);
  }

  /** Lifts the expired tombstones at the front of the order (stopping at the first one still standing). */
  sweepTombs(watermark: number): void {
    const { tombs } = this;
    while (tombs.size > 0) {
      const slot = tombs.firstSlot;
      const live = this.state[slot] === CLOSED && this.stamp[slot] === tombs.firstTicket;
      if (live && (this.time[slot] as number) >= watermark) break;
      tombs.shift();
      if (live) this.release(slot);
    }
  }

  /** Lifts every tombstone (the end of input: no event follows). */
  clearTombs(): void {
    const { tombs } = this;
    for (; tombs.size > 0; tombs.shift()) {
      const slot = tombs.firstSlot;
      if (this.state[slot] === CLOSED && this.stamp[slot] === tombs.firstTicket) this.release(slot);
    }
  }

  /** A stamp never given before (0 is never one: it wraps past 2^32 stamps, long after any entry is stale). */
  private newStamp(): number {
    this.lastStamp = (this.lastStamp + 1) | 0;
    if (this.lastStamp === 0) this.lastStamp = 1;
    return this.lastStamp;
  }

  private unlink(slot: number): void {
    const before = this.prev[slot] as number;
    const after = this.after[slot] as number;
    if (before === -1) this.firstOpen = after;
    else this.after[before] = after;
    if (after === -1) this.lastOpen = before;
    else this.prev[after] = before;
    this.openCount -= 1;
  }

  private grow(size: number): void {
    this.state = grown(this.state, size);
    this.headRow = grown(this.headRow, size);
    this.lastTs = grown(this.lastTs, size);
    this.time = grown(this.time, size);
    this.prev = grown(this.prev, size);
    this.after = grown(this.after, size);
    this.stamp = grown(this.stamp, size);
  }
}

/** Whether `text` is the n bytes at `from` of `bytes`, one character a byte. */
function spells(text: unknown, bytes: Uint8Array, from: number, n: number): boolean {
  if (typeof text !== "string" || text.length !== n) return false;
  for (let k = 0; k < n; k += 1) if (text.charCodeAt(k) !== bytes[from + k]) return false;
  return true;
}
