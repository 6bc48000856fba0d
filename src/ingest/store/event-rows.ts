// The events of open sessions as rows of typed columns (struct of arrays), their values packed into a chunk
// arena; rows are chained per session (`next`) and free-listed, so no event object is kept while it waits.
import { LIFECYCLE_RANK, type SourcedEvent } from "../../types.js";
import type { EventColumns } from "../event-columns.js";
import { ENUMS, SLOT } from "../scan/spec.js";
import { room, scratch } from "./bytes.js";
import { ChunkArena, offsetOf } from "./chunk-arena.js";
import { decodeColumns } from "./column-codec.js";
import { decodeEvent, encodeEvent } from "./event-codec.js";
import { encodeScanned, type ScannedLine, scannedIdHash } from "./scan-codec.js";
import { grown } from "./session-keys.js";
import type { TextCache } from "./text-cache.js";

/** `length` of a row whose event did not pack: the event object itself is kept (a rare, odd event). */
const KEPT = -1;

/** 32-bit FNV-1a of a string's code units (an event id's hash, with no bytes made). */
export function hashString(text: string): number {
  let h = 0x811c9dc5 | 0;
  for (let k = 0; k < text.length; k += 1) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h;
}

/** A scanned line's event (its enum output: index + 1) as its lifecycle rank. */
const RANK_OF_SCANNED = [0, ...(ENUMS.event as readonly string[]).map((name) => rankOf(name))];

/** The lifecycle rank of an event name plus one (LIFECYCLE_RANK's), or 0 for a name it does not rank. */
export function rankOf(name: unknown): number {
  if (typeof name !== "string" || !Object.hasOwn(LIFECYCLE_RANK, name)) return 0;
  return ((LIFECYCLE_RANK as Record<string, number>)[name] as number) + 1;
}

/** The rows of one store. */
export class EventRows {
  /** The events' values: a START of the sessions bench packs into 39 bytes, a line of the 1M dump into ~150. */
  readonly arena = new ChunkArena();
  ts = new Float64Array(256);
  /** The input position, or -1 when it does not fit (then it is in `longSeqs`). */
  seq = new Int32Array(256);
  /** The line, or -1 when it does not fit (then it is in `longLines`). */
  line = new Int32Array(256);
  /** Index into `files`: 8 bits, widened when more files are read. */
  file: Uint8Array | Uint16Array | Int32Array = new Uint8Array(256);
  /** The hash of the event id (hashString). */
  idHash = new Int32Array(256);
  /** The event's lifecycle rank plus one (rankOf; 0: unranked), which orders events of the same instant. */
  rank = new Uint8Array(256);
  /** The chunk and the byte length of the values (KEPT: the object is in `kept`; 16 bits until longer). */
  head = new Int32Array(256);
  length: Int16Array | Int32Array = new Int16Array(256);
  /** The next row of the session (-1: the last); through free rows, the next free one. */
  next = new Int32Array(256);
  /** Rows in use. */
  used = 0;
  private free = -1;
  private high = 0;
  private readonly kept = new Map<number, SourcedEvent>();
  private readonly longLines = new Map<number, number>();
  private readonly longSeqs = new Map<number, number>();
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();
  private lastFile: string | undefined = undefined;
  private lastFileNumber = 0;

  /** A new row holding `item` (its `next` is -1). */
  add(item: SourcedEvent): number {
    const { id } = item.event;
    // A string in a valid event; anything else (a test's object) is still kept, and compared exactly.
    const row = this.place(
      item.ts,
      item.seq,
      item.file,
      item.line,
      typeof id === "string" ? hashString(id) : 0,
    );
    this.rank[row] = rankOf(item.event.event);
    // The values must fit the codec: otherwise the object itself is kept.
    if (encodeEvent(item)) this.keep(row);
    else {
      this.length[row] = KEPT;
      this.kept.set(row, item);
    }
    return row;
  }

  /** A new row holding the line a scanner accepted (its `next` is -1), written from the scan's outputs. */
  addScanned(scanned: ScannedLine): number {
    const row = this.place(scanned.ts, scanned.seq, scanned.file, scanned.line, scannedIdHash(scanned));
    this.rank[row] = RANK_OF_SCANNED[scanned.out[SLOT.event] as number] as number;
    encodeScanned(scanned);
    this.keep(row);
    return row;
  }

  /** A new row with its columns set (its values still to be kept). */
  private place(ts: number, seq: number, file: string, line: number, idHash: number): number {
    const row = this.take();
    this.ts[row] = ts;
    if ((seq | 0) === seq && seq >= 0) this.seq[row] = seq;
    else {
      this.seq[row] = -1;
      this.longSeqs.set(row, seq);
    }
    // Numbered first: a new file may widen the column.
    const fileNumber = this.fileNumber(file);
    this.file[row] = fileNumber;
    this.idHash[row] = idHash;
    if ((line | 0) === line && line >= 0) this.line[row] = line;
    else {
      this.line[row] = -1;
      this.longLines.set(row, line);
    }
    this.next[row] = -1;
    return row;
  }

  /** Keeps the values the scratch holds as the values of `row`. */
  private keep(row: number): void {
    if (scratch.at > 0x7fff && this.length instanceof Int16Array) this.length = Int32Array.from(this.length);
    this.length[row] = scratch.at;
    this.head[row] = this.arena.store(scratch.buf, scratch.at);
  }

  /** The event of `row` (of session `sessionId`), as it was added: a new object equal to it. */
  read(row: number, sessionId: string): SourcedEvent {
    const length = this.length[row] as number;
    if (length === KEPT) return this.kept.get(row) as SourcedEvent;
    scratch.at = 0;
    room(length);
    this.arena.load(this.head[row] as number, length, scratch.buf);
    const ts = this.ts[row] as number;
    const event = decodeEvent(sessionId, ts);
    const file = this.files[this.file[row] as number] as string;
    const line = this.line[row] as number;
    return {
      event,
      ts,
      file,
      line: line === -1 ? (this.longLines.get(row) as number) : line,
      seq: this.seqOf(row),
    };
  }

  /** Sets event `i` of `into` from `row` (of session `sessionId`), with no event object made when it packed. */
  readColumns(row: number, into: EventColumns, i: number, texts: TextCache, sessionId: string): void {
    const length = this.length[row] as number;
    if (length !== KEPT) {
      const head = this.head[row] as number;
      // Read in place: a record is one chunk of one page.
      if (decodeColumns(this.arena.pageOf(head), offsetOf(head), into, i, texts)) {
        into.ts[i] = this.ts[row] as number;
        into.file[i] = this.fileOf(row);
        into.line[i] = this.lineOf(row);
        return;
      }
    }
    into.setEvent(i, this.read(row, sessionId));
  }

  /** The line of the event of `row`. */
  lineOf(row: number): number {
    const line = this.line[row] as number;
    return line === -1 ? (this.longLines.get(row) as number) : line;
  }

  /** The file of the event of `row`. */
  fileOf(row: number): string {
    return this.files[this.file[row] as number] as string;
  }

  /** The input position of the event of `row`. */
  seqOf(row: number): number {
    const seq = this.seq[row] as number;
    return seq === -1 ? (this.longSeqs.get(row) as number) : seq;
  }

  /** Frees `row` and its values. */
  release(row: number): void {
    const length = this.length[row] as number;
    if (this.line[row] === -1) this.longLines.delete(row);
    if (this.seq[row] === -1) this.longSeqs.delete(row);
    if (length === KEPT) this.kept.delete(row);
    else this.arena.release(this.head[row] as number, length);
    this.next[row] = this.free;
    this.free = row;
    this.used -= 1;
  }

  private take(): number {
    this.used += 1;
    const row = this.free;
    if (row !== -1) {
      this.free = this.next[row] as number;
      return row;
    }
    if (this.high === this.ts.length) this.grow(this.ts.length * 2);
    return this.high++;
  }

  private grow(size: number): void {
    this.ts = grown(this.ts, size);
    this.seq = grown(this.seq, size);
    this.line = grown(this.line, size);
    this.file = grown(this.file, size);
    this.idHash = grown(this.idHash, size);
    this.rank = grown(this.rank, size);
    this.head = grown(this.head, size);
    this.length = grown(this.length, size);
    this.next = grown(this.next, size);
  }

  private fileNumber(file: string): number {
    if (file === this.lastFile) return this.lastFileNumber;
    let n = this.fileIndex.get(file);
    if (n === undefined) {
      n = this.files.length;
      this.files.push(file);
      this.fileIndex.set(file, n);
      if (n === 0x100) this.file = Uint16Array.from(this.file);
      else if (n === 0x10000) this.file = Int32Array.from(this.file);
    }
    this.lastFile = file;
    this.lastFileNumber = n;
    return n;
  }
}
