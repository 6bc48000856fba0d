// Open sessions of one event: the event is kept as it came while its call is young, and packed (packed-event.ts)
// once `packAfter` sessions have opened after it and it is still alone — a call that never gets a second event.
import type { SourcedEvent } from "../types.js";
import { OpenSession, type Slot, type UnpackedSlot } from "./open-session.js";
import { createEventPacker } from "./packed-event.js";

/** The lone events of one sessionizer's open sessions. */
export interface LoneEvents {
  /** Opens a session with its first event (packing the one opened `packAfter` sessions ago, if still alone). */
  open(sessionId: string, item: SourcedEvent): void;
  /** The slot with its lone event unpacked, if it was packed. */
  unpacked(sessionId: string, slot: Slot): UnpackedSlot;
}

/** Lone events kept in `open` (the sessionizer's map of open sessions), packed after `packAfter` (0: at once). */
export function createLoneEvents(open: Map<string, Slot>, packAfter: number): LoneEvents {
  const packer = createEventPacker();
  // The sessions opened last, a ring: the one a new session pushes out is packed if it is still just that event.
  const recent: (string | undefined)[] = new Array(packAfter).fill(undefined);
  let next = 0;
  return {
    open(sessionId, item) {
      if (packAfter === 0) {
        open.set(sessionId, packer.pack(item) ?? item);
        return;
      }
      open.set(sessionId, item);
      const oldest = recent[next];
      recent[next] = sessionId;
      next = (next + 1) % packAfter;
      if (oldest === undefined) return;
      const slot = open.get(oldest);
      if (slot === undefined || typeof slot === "string" || slot instanceof OpenSession) return;
      // Setting an existing key keeps its place in the Map, so sessions are closed in the same order.
      const packed = packer.pack(slot);
      if (packed !== undefined) open.set(oldest, packed);
    },
    unpacked(sessionId, slot) {
      return typeof slot === "string" ? packer.unpack(slot, sessionId) : slot;
    },
  };
}
