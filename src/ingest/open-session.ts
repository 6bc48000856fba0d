// A session as the sessionizer hands it on once finalised, and the order of its events.
import { LIFECYCLE_RANK, type LineRef, type SourcedEvent } from "../types.js";

/** All the events of one call session, ordered by timestamp, then lifecycle, then input order. */
export interface Session {
  sessionId: string;
  events: SourcedEvent[];
  first: LineRef;
}

/** Timestamp first, then lifecycle order (START before RING ... before COMPLETED), then input order. */
export function compareEvents(a: SourcedEvent, b: SourcedEvent): number {
  return a.ts - b.ts || LIFECYCLE_RANK[a.event.event] - LIFECYCLE_RANK[b.event.event] || a.seq - b.seq;
}
