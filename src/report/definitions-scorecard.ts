// The operator scorecard's figures, defined once: the README's scorecard table is generated from them (npm run
// readme:definitions, checked by a test), like the KPI table from definitions.ts.
import type { Definition } from "./definitions.js";

/** Every column of the scorecard (`--by operator`), in the README's order; ids are keys of an `operators.rows` row. */
export const SCORECARD_DEFINITIONS = [
  {
    id: "operator",
    label: "Operator",
    term: "**operator** (`operator`)",
    formula: "`subject_user` (else `subject`) of a SIP party's READY, JOIN or LEAVE",
    notes:
      "every operator the call names has a row: one who only missed rings or only hung up has one too. A transfer gives two operators one call each",
  },
  {
    id: "ringsOffered",
    label: "Rings offered",
    term: "**rings offered** (`ringsOffered`)",
    formula: "RINGs to the operator",
    notes:
      "a RING is the operator's when the party whose READY, JOIN or LEAVE first carries the RING's `call_id` is the operator's SIP device (as for `missedRings` of the operator breakdown); a RING that names no party is nobody's",
  },
  {
    id: "ringsAnswered",
    label: "Rings answered",
    term: "**rings answered** (`ringsAnswered`)",
    formula: "rings offered whose RINGRESULT `state` is ANSWER",
  },
  {
    id: "answerRate",
    label: "Operator answer rate",
    term: "**operator answer rate** (`answerRate`)",
    formula: "rings answered / rings offered",
    notes: "`null` when the operator was offered no ring",
  },
  {
    id: "missedRings",
    label: "Missed rings",
    term: "**missed rings** (`missedRings`), `--missed-ring every` (default) or `first`",
    formula:
      "`every`: rings offered not ending in ANSWER (no RINGRESULT, or another state); `first`: ring groups nobody answered, each charged to its first operator",
    notes:
      "a ring group is parallel ringing: RINGs of one call each starting at or before the last RINGRESULT of the RINGs before it (a RING without one rings until COMPLETED). `every` is the operator breakdown's `missedRings`, and counts the rings a colleague's ANSWER cancelled; `first` counts none of those, and charges a group nobody answered once, to its first RING that names an operator (by time, then input order). Missed rings toward SIP that name no operator are `unattributedMissedRings`",
  },
  {
    id: "callsHandled",
    label: "Calls handled",
    term: "**calls handled** (`callsHandled`)",
    formula: "calls in which the operator was joined while another party was joined",
    notes:
      "JOIN to LEAVE of each party, in timeline order; a call with two operators one after the other (a transfer) counts for both",
  },
  {
    id: "talk",
    label: "Talk per handled call",
    term: "**talk per handled call** (`talk`): mean, median, p90",
    formula: "time the operator was joined while another party was joined, per handled call",
    notes:
      "not an AHT: the events carry no hold or wrap-up. Up to COMPLETED when a party never leaves. Median and p90 nearest-rank to 0.1 s, as the KPIs",
  },
  {
    id: "talkTotalS",
    label: "Total talk",
    term: "**total talk** (`talkTotalS`)",
    formula: "the operator's talk summed over handled calls",
  },
  {
    id: "hangups",
    label: "Hung up first",
    term: "**calls the operator hung up first** (`hangups`)",
    formula:
      "calls whose COMPLETED has `hanged_by` sip and `hanged_user` (else `hanged_value`) = the operator",
    notes: "the operator breakdown's `hangups`",
  },
  {
    id: "shortCalls",
    label: "Short calls",
    term: "**short calls** (`shortCalls`)",
    formula: "handled calls whose talk is under `--short-call` (default 10 s)",
  },
  {
    id: "gap",
    label: "Gap between calls",
    term: "**gap between calls** (`gap`): count, median",
    formula:
      "start of the operator's talk in a handled call − end of their talk in the handled call before it, the same day",
    notes:
      "a stand-in for after-call work (the events carry no wrap-up state): it also holds idle time and ringing. Calls in order of talk start; pairs on two days (by START in `--tz`) are left out; calls that overlap give 0",
  },
  {
    id: "busyShare",
    label: "Busy share",
    term: "**busy share** (`busyShare`)",
    formula:
      "talk / time between the operator's first and last event, per day; the operator's figure: talk summed over days / those times summed",
    notes:
      "not occupancy: the events carry no login or pause. A call's talk and events go to the day of its START in `--tz`; the operator's events are their READY, JOIN, LEAVE and their RINGs and RINGRESULTs. Above 1 when the operator's calls overlap. Per day in `days[]` (`talkS`, `spanS`, `busyShare`)",
  },
] as const satisfies readonly Definition[];

/** The markers around the generated scorecard table in README.md. */
export const SCORECARD_README_MARKERS = {
  start:
    "<!-- scorecard-definitions:start: generated from src/report/definitions-scorecard.ts by npm run readme:definitions -->",
  end: "<!-- scorecard-definitions:end -->",
} as const;
