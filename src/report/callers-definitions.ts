// The callers worklist's figures, defined once: the README's callers table is generated from them (npm run
// readme:definitions, checked by a test), like the KPI table from definitions.ts.
import type { Definition } from "./definitions.js";

/** Every figure and timed column of `callers`, in the README's order; ids are paths of its JSON output. */
export const CALLER_DEFINITIONS = [
  {
    id: "summary.missedCalls",
    label: "Missed calls",
    term: "**missed calls** (`missedCalls`)",
    formula:
      "inbound calls (complete sessions) whose COMPLETED has `is_answered` false and that name a number",
    notes:
      "abandoned (`hanged_by` phone) and not answered (`hanged_by` sip) alike; the number is the first phone party's `subject`, else `hanged_value` when `hanged_by` is phone. Incomplete sessions are left out",
  },
  {
    id: "summary.missedWithoutNumber",
    label: "Missed without a number",
    term: "**missed calls without a number** (`missedWithoutNumber`)",
    formula: "missed inbound calls whose events name no phone number (no phone party, and `hanged_by` sip)",
    notes: "counted here and in no row: nobody can call them back",
  },
  {
    id: "summary.missedCallers",
    label: "Missed callers",
    term: "**missed callers** (`missedCallers`), one row each",
    formula:
      "a number's missed calls, from the first until a call returns them or the window after the last one ends",
    notes:
      "numbers are compared after removing white space, `-`, `(` and `)` and writing a leading `00` as `+`; a missed call after a row's window has ended starts a new row",
  },
  {
    id: "callers[].waited_s",
    label: "Waited",
    term: "**waited** (`waited_s`)",
    formula: "COMPLETED − START of each missed call of the row, summed",
  },
  {
    id: "summary.returned",
    label: "Returned",
    term: "**returned** (`returned`)",
    formula:
      "rows with an answered outbound call (COMPLETED `is_answered` true) that names the number and starts within the return window",
    notes:
      "the return window (`--return-window`, default 24h) runs from the end of the row's last missed call; the call must start after that end. `by` is its operator (export's `operator`, else its first SIP party)",
  },
  {
    id: "callers[].after_s",
    label: "Time to return",
    term: "**time to return** (`after_s`)",
    formula: "START of the call that settled the row − COMPLETED of its first missed call",
    over: "returned, called-again and attempted rows (the first attempt's)",
  },
  {
    id: "summary.returnedWithin1h",
    label: "Returned within 1 h",
    term: "**returned within 1 h** (`returnedWithin1h`)",
    formula: "returned rows whose time to return is 3600 s or less",
  },
  {
    id: "summary.medianReturnS",
    label: "Median time to return",
    term: "**median time to return** (`medianReturnS`)",
    formula: "median of the time to return",
    over: "returned rows",
    notes: "nearest rank, to 0.1 s, as the KPIs' medians; `null` when no row was returned",
  },
  {
    id: "summary.calledAgain",
    label: "Called again",
    term: "**called again and got through** (`calledAgain`)",
    formula:
      "rows with an answered inbound call from the number that starts within the return window, before any return",
  },
  {
    id: "summary.attempted",
    label: "Attempted",
    term: "**attempted** (`attempted`)",
    formula:
      "rows neither returned nor called again, with an unanswered outbound call that names the number in the window",
    notes:
      "an unanswered outbound call names the number only when a phone party joined or `hanged_by` is phone: usually it names none, so most attempts cannot be seen. `attempts` counts them per row",
  },
  {
    id: "summary.open",
    label: "Still open",
    term: "**still open** (`open`)",
    formula: "rows with none of the above whose return window ended before the dump's last event",
  },
  {
    id: "summary.windowNotOver",
    label: "Window not over",
    term: "**window not over** (`windowNotOver`)",
    formula: "rows with none of the above whose return window reaches past the dump's last event",
    notes: "not counted as open: a later dump may still return them",
  },
] as const satisfies readonly Definition[];

/** The markers around the generated callers table in README.md. */
export const CALLER_README_MARKERS = {
  start:
    "<!-- caller-definitions:start: generated from src/report/callers-definitions.ts by npm run readme:definitions -->",
  end: "<!-- caller-definitions:end -->",
} as const;
