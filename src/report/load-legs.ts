// Phone legs of one call, from its event columns: a phone party from its READY to its LEAVE, and a ring to a
// phone that did not end in ANSWER from its RING to its RINGRESULT (an answered ring goes on as the READY party).
import type { EventColumns } from "../ingest/event-columns.js";
import { addInterval, type DeltaBlocks } from "./load-deltas.js";

// Reused from call to call (a call has a handful of phone parties and rings): nothing is made per event.
const openSubjects: string[] = [];
const openSince: number[] = [];
const ringCallIds: (string | undefined)[] = [];
const ringSince: number[] = [];

/** A RING or RINGRESULT towards a phone: the contact leg (callback, autodialer), else a phase ending in `todid`. */
function towardsPhone(c: EventColumns, i: number): boolean {
  const leg = c.leg[i];
  if (leg !== undefined) return leg === "contact";
  return c.phase[i]?.endsWith("todid") === true;
}

/**
 * Adds the phone legs of one call to `legs`. A party still READY at the end, or a ring with no RINGRESULT,
 * counts until `endMs` (COMPLETED). A RINGRESULT pairs with the open phone ring of its call_id, else the first.
 */
export function addPhoneLegs(legs: DeltaBlocks, c: EventColumns, endMs: number): void {
  openSubjects.length = 0;
  openSince.length = 0;
  ringCallIds.length = 0;
  ringSince.length = 0;
  for (let i = 0; i < c.length; i += 1) {
    const name = c.event[i];
    const ts = c.ts[i] as number;
    if (name === "READY" || name === "LEAVE") {
      if (c.subject_type[i] !== "phone") continue;
      const subject = c.subject[i] ?? "";
      const open = openSubjects.indexOf(subject);
      if (name === "READY") {
        if (open !== -1) continue;
        openSubjects.push(subject);
        openSince.push(ts);
      } else if (open !== -1) {
        addInterval(legs, openSince[open] as number, ts);
        openSubjects.splice(open, 1);
        openSince.splice(open, 1);
      }
    } else if (name === "RING") {
      if (!towardsPhone(c, i)) continue;
      ringCallIds.push(c.call_id[i]);
      ringSince.push(ts);
    } else if (name === "RINGRESULT") {
      if (!towardsPhone(c, i) || ringSince.length === 0) continue;
      const callId = c.call_id[i];
      let ring = callId === undefined ? -1 : ringCallIds.indexOf(callId);
      if (ring === -1) ring = 0;
      if (c.state[i] !== "ANSWER") addInterval(legs, ringSince[ring] as number, ts);
      ringCallIds.splice(ring, 1);
      ringSince.splice(ring, 1);
    }
  }
  for (const since of openSince) addInterval(legs, since, endMs);
  for (const since of ringSince) addInterval(legs, since, endMs);
}
