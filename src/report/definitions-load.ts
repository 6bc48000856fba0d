// The load figures' definitions (the `load` section of the JSON report), concatenated into definitions.ts.
import type { Definition } from "./definitions.js";

const SECONDS_RULE =
  "complete sessions passing the filters; one-second resolution: an interval counts in every whole second it touches, so a call that ends at t is not in progress at t, and one that starts at t is";

/** The load figures, in the README's order; ids are paths of the JSON report (under `load`). */
export const LOAD_DEFINITIONS = [
  {
    id: "load.peakConcurrent",
    label: "Peak concurrent calls",
    term: "**peak concurrent calls** (`load.peakConcurrent`, `peakMinute`; per hour and day in `byHour`, `byDay`)",
    formula: "most calls in progress (START → COMPLETED) in one second",
    notes: `${SECONDS_RULE}. \`peakMinute\`: the minute (in \`--tz\`) of the first second with that many; gate metric \`peak_concurrent\``,
  },
  {
    id: "load.peakPhoneLegs",
    label: "Peak phone legs",
    term: "**peak phone legs** (`load.peakPhoneLegs`, `peakPhoneLegsMinute`)",
    formula:
      "most phone legs in progress in one second: a phone party (`subject_type` phone) from its READY to its LEAVE, and a ring to a phone that did not end in ANSWER from RING to its RINGRESULT",
    notes:
      "a stand-in for the trunk channels in use (the events name no trunk): a ring to a phone is one with `leg` contact, else a `phase` ending in `todid`; an answered ring goes on as the READY party, so its ringing is not counted; a party without LEAVE, or a ring without RINGRESULT, counts until COMPLETED; gate metric `peak_phone_legs`",
  },
  {
    id: "load.busyHour",
    label: "Busy hour",
    term: "**busy hour** (`load.busyHour`)",
    formula: "the clock hour (in `--tz`) with the most call-seconds",
    notes: "the first of equal hours; `null` without calls",
  },
  {
    id: "load.busyHour.erlangs",
    label: "Traffic (Erlangs)",
    term: "**traffic** in Erlangs (`erlangs` of each hour in `load.byHour`, and of the busy hour)",
    formula: "call-seconds in the clock hour / the hour's length (3600 s)",
    notes:
      "a call's seconds are split across the hours it spans; the hour the autumn DST change shows twice lasts 7200 s, the spring one's missing hour has no row; gate metric `erlangs` (the busy hour's)",
  },
] as const satisfies readonly Definition[];
