// An event on its way into the sessionizer's store: a decoded event (the reference path's, a held one) or a
// line a scanner accepted, behind the few operations the sessionizer's rules need, so the rules are written
// once for both and a scanned line is kept with no event made.
import type { SourcedEvent } from "../types.js";
import { SLOT, VALUE } from "./scan/spec.js";
import type { ScannedLine } from "./store/scan-codec.js";
import type { SessionStore } from "./store/session-store.js";

/** What the sessionizer asks of an arriving event. */
export interface Arrival {
  /** Its instant (epoch ms). */
  ts(): number;
  /** Whether it is a COMPLETED. */
  completed(): boolean;
  /** The slot of its session in the store (open or closed), or -1. */
  find(): number;
  /** Opens its session (not in the store) with it; returns the slot. */
  open(): number;
  /** The event of the open session of `slot` with its event id, if any (the store's findId). */
  findId(slot: number): SourcedEvent | undefined;
  /** Adds it to the open session of `slot`. */
  append(slot: number): void;
  /** It as an event object (for a problem, a duplicate, an oversized session). */
  item(): SourcedEvent;
}

/** The arrival of a decoded event: set `current` before each use. */
export class DecodedArrival implements Arrival {
  current: SourcedEvent | undefined = undefined;
  constructor(private readonly store: SessionStore) {}
  ts(): number {
    return this.item().ts;
  }
  completed(): boolean {
    return this.item().event.event === "COMPLETED";
  }
  find(): number {
    return this.store.find(this.item().event.session_id);
  }
  open(): number {
    const item = this.item();
    return this.store.open(item.event.session_id, item);
  }
  findId(slot: number): SourcedEvent | undefined {
    const { event } = this.item();
    return this.store.findId(slot, event.id, event.session_id);
  }
  append(slot: number): void {
    this.store.append(slot, this.item());
  }
  item(): SourcedEvent {
    return this.current as SourcedEvent;
  }
}

/** The arrival of a line a scanner accepted: set `current` before each use; an event is made only by item(). */
export class ScannedArrival implements Arrival {
  current: ScannedLine | undefined = undefined;
  constructor(private readonly store: SessionStore) {}
  ts(): number {
    return this.line().ts;
  }
  completed(): boolean {
    return this.line().out[SLOT.event] === VALUE.COMPLETED;
  }
  find(): number {
    return this.store.findScanned(this.line());
  }
  open(): number {
    return this.store.openScanned(this.line());
  }
  findId(slot: number): SourcedEvent | undefined {
    return this.store.findIdScanned(slot, this.line());
  }
  append(slot: number): void {
    this.store.appendScanned(slot, this.line());
  }
  item(): SourcedEvent {
    return this.line().materialise();
  }
  private line(): ScannedLine {
    return this.current as ScannedLine;
  }
}
