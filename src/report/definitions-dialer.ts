// The dialer figures' definitions (repeat callers, dialer compliance, the callback funnel): rows of the one
// definitions table (definitions.ts concatenates them); each id is the figure's path in the JSON report.
import type { Definition } from "./definitions.js";

/** The dialer figures, in the README's order. */
export const DIALER_DEFINITIONS = [
  {
    id: "repeatCallers.uniqueCallers",
    label: "Unique callers",
    term: "**unique callers** (`repeatCallers.uniqueCallers`, with `--repeat-callers`)",
    formula: "distinct numbers of inbound calls",
    notes:
      "the caller as the `callers` command finds it (the first phone party, else `hanged_value` when a phone hung up), compared after normalising (spaces, `-`, `()` removed, `00` to `+`); inbound calls naming no number are counted apart (`inboundWithoutNumber`)",
  },
  {
    id: "repeatCallers.repeatShare",
    label: "Repeat callers",
    term: "**repeat caller share**, a first-call-resolution *proxy* (`repeatCallers.repeatShare`)",
    formula:
      "callers who called again within `--repeat-window` after an answered call / callers with an answered call",
    notes:
      "again: an inbound call from the same number starting at or after the answered call's COMPLETED and within the window (default 24h), answered or not. Callers not seen calling again whose last answered call's window reaches past the dump's last COMPLETED are left out of both sides and counted (`windowNotOver`). A proxy: a caller may call again about something else, or get a callback instead",
  },
  {
    id: "compliance.total.dropRate",
    label: "Drop rate",
    term: "**drop rate** (`compliance…dropRate`, with `--compliance`; per campaign and per day in `--tz`)",
    formula: "dropped / (reached × (1 − `--machine-share`))",
    over: "autodialer calls",
    notes:
      "reached: a contact-leg RINGRESULT ANSWER; dropped: reached and no SIP party JOINed after it. TelTel's events carry no answering-machine result, so without `--machine-share` the rate is over **all** answered calls, machines included (Ofcom lets a dialer remove a *reasoned estimate* of them). A contact-callflow campaign hands contacts to a call flow, not an operator: its drops are *reached without an operator*. `rolling30`: the last 30 days and the worst 30-day window, when the dump spans 30 days",
  },
  {
    id: "compliance.total.lateConnects",
    label: "Late connects",
    term: "**late connects** (`compliance…lateConnects`, `lateConnectShare`, `connectWait`)",
    formula: "calls whose operator JOINed more than 2 s after the contact answered; share = / connected",
    over: "autodialer calls connected to an operator",
    notes: "`connectWait`: contact ANSWER to operator JOIN of the connected calls: mean, median, p90",
  },
  {
    id: "compliance.total.shortRings",
    label: "Short rings",
    term: "**short rings** (`compliance…shortRings`)",
    formula: "contact-leg RINGs ended by NOANSWER or CANCEL under 15 s",
    notes: "counted per ring, not per call",
  },
  {
    id: "compliance.total.outsideHours",
    label: "Outside calling hours",
    term: "**outside calling hours** (`compliance…outsideHours`)",
    formula: "autodialer calls whose START is outside `--calling-hours` (default 08:00-21:00) in `--tz`",
    notes: "the hours are [start, end); a range past midnight (21:00-08:00) wraps",
  },
  {
    id: "compliance.total.contactRate",
    label: "Contact rate",
    term: "**contact rate** (`compliance…contactRate`), **attempts per contact** (`attemptsPerContact`)",
    formula: "contacts reached at least once / contacts; calls with a contact / contacts",
    notes:
      "a contact is a distinct `data.contact_id` of the campaign; calls without one are counted apart (`callsWithoutContact`). The total adds the campaigns' contacts",
  },
  {
    id: "callbacks.bridgeRate",
    label: "Callback funnel",
    term: "**callback funnel** (`callbacks`, with `--callbacks`): leg 1, leg 2, bridged",
    formula: "leg 1 reached / calls; leg 2 reached / leg 1 reached; bridged / calls",
    over: "calls of `type` callback",
    notes:
      "leg 1: the events of `leg` contact; leg 2: of `leg` operator. Reached: a RINGRESULT ANSWER on the leg; bridged: both legs JOINed. A failed leg is counted by the state of its last RINGRESULT (`none`: it had none) in `leg1Failed`, `leg2Failed`",
  },
  {
    id: "callbacks.timeToBridge",
    label: "Time to bridge",
    term: "**time to bridge** (`callbacks.timeToBridge`): mean, median, p90",
    formula: "START to the later of the two legs' first JOIN",
    over: "bridged callback calls",
  },
] as const satisfies readonly Definition[];
