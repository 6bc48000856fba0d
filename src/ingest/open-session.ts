// Open sessions as the sessionizer keeps them, and as it hands them on once finalised.
import { LIFECYCLE_RANK, type LineRef, type SourcedEvent } from "../types.js";
import { type PackedEvent, packedTs } from "./packed-event.js";

/** All the events of one call session, ordered by timestamp, then lifecycle, then input order. */
export interface Session {
  sessionId: string;
  events: SourcedEvent[];
  first: LineRef;
}

/** A session with two events or more (or a COMPLETED) while it is open. */
export class OpenSession {
  readonly sessionId: string;
  readonly events: SourcedEvent[];
  /** Events by id, built only once a session is large; small ones are searched (most calls have ~10 events). */
  byId: Map<string, SourcedEvent> | undefined = undefined;
  completedAt: number | undefined = undefined;
  lastTs: number;
  constructor(first: SourcedEvent) {
    this.sessionId = first.event.session_id;
    this.events = [first];
    this.lastTs = first.ts;
  }
}

/**
 * An open session as kept: a session of one event is just that event, packed when it can be (no record, no
 * list, no event object: most open sessions of a busy dump hold only their START), grown into an
 * OpenSession by its second event.
 */
export type Slot = OpenSession | SourcedEvent | PackedEvent;
/** An open session with its lone event unpacked. */
export type UnpackedSlot = OpenSession | SourcedEvent;
/** The newest event time of an open session. */
export const lastTsOf = (slot: Slot): number =>
  typeof slot === "string" ? packedTs(slot) : slot instanceof OpenSession ? slot.lastTs : slot.ts;
/** When an open session's COMPLETED happened, if it has one (a lone event is never a COMPLETED). */
export const completedAtOf = (slot: Slot): number | undefined =>
  slot instanceof OpenSession ? slot.completedAt : undefined;

/** The event of an open session with this event id, if any. */
export function findById(slot: UnpackedSlot, id: string): SourcedEvent | undefined {
  if (!(slot instanceof OpenSession)) return slot.event.id === id ? slot : undefined;
  const session = slot;
  if (session.byId !== undefined) return session.byId.get(id);
  for (const item of session.events) if (item.event.id === id) return item;
  return undefined;
}

/** An open session as finalised: its events in timeline order, and where it began in the input. */
export function toSession(open: UnpackedSlot): Session {
  if (!(open instanceof OpenSession)) {
    return { sessionId: open.event.session_id, events: [open], first: { file: open.file, line: open.line } };
  }
  const events = open.events.sort(compareEvents);
  const first = open.events.reduce((a, b) => (a.seq <= b.seq ? a : b));
  return { sessionId: open.sessionId, events, first: { file: first.file, line: first.line } };
}

/** Timestamp first, then lifecycle order (START before RING ... before COMPLETED), then input order. */
export function compareEvents(a: SourcedEvent, b: SourcedEvent): number {
  return a.ts - b.ts || LIFECYCLE_RANK[a.event.event] - LIFECYCLE_RANK[b.event.event] || a.seq - b.seq;
}
