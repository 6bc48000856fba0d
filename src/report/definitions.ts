// The figures' definitions, written once: the README's KPI table is generated from them (npm run
// readme:definitions, checked by a test) and the HTML report's tiles and captions take their wording from them.
import { LOAD_DEFINITIONS } from "./definitions-load.js";
import { DIALER_DEFINITIONS } from "./definitions-dialer.js";
import { WAITS_DEFINITIONS } from "./definitions-waits.js";
import { NETWORK_FAILURE_STATES, REACHED_STATES } from "./kpis.js";

/** One figure of the report. Text fields are Markdown: `code`, *emphasis*, **bold** and [links](#anchor) only. */
export interface Definition {
  /** Its path under `kpis` in the JSON report (`asr`, `inbound.serviceLevel`). */
  id: string;
  /** Its name on the HTML page (a tile's label, a chart's caption); plain text. */
  label: string;
  /** The README table's first cell: the name in bold, with its JSON name. */
  term: string;
  /** One line: numerator / denominator, or the span between two events. */
  formula: string;
  /** What it is taken over, when not every call ("calls with a RING"). */
  over?: string;
  /** Conventions: which events count, edge cases. */
  notes?: string;
}

const list = (states: ReadonlySet<string>): string => [...states].join(", ");

/** Every figure of the KPIs, in the README's order. */
export const DEFINITIONS = [
  {
    id: "calls",
    label: "Calls",
    term: "**calls** (`calls`)",
    formula: "complete sessions (START and COMPLETED seen) that pass the [filters](#filters)",
    notes: "the same count as `calls.total`",
  },
  {
    id: "answered",
    label: "Answered",
    term: "**answered** calls (`answered`)",
    formula: "calls whose COMPLETED has `is_answered` true",
    notes:
      "the same count as `calls.answered`. Not the calls with a RINGRESULT ANSWER: an autodialer contact or a callback's first leg can answer a call no operator takes",
  },
  {
    id: "asr",
    label: "ASR",
    term: "**ASR**, answer-seizure ratio (`asr`)",
    formula: "answered calls / calls",
    notes: "answered: COMPLETED `is_answered` true — the same count as `calls.answered`",
  },
  {
    id: "ner",
    label: "NER",
    term: "**NER**, network effectiveness ratio (`ner`)",
    formula: "ring results that reached the user / all ring results",
    notes: `reached the user (\`reachedUser\`): ${list(REACHED_STATES)}. Network failures (\`networkFailures\`): ${list(
      NETWORK_FAILURE_STATES,
    )}. INVALIDARGS and ABORT count in the denominator only. Only the ring results of calls count here (the \`ringResults\` section also counts incomplete sessions)`,
  },
  {
    id: "talk",
    label: "Talk time",
    term: "**talk time** per answered call (`talk`): mean, median, p90; `totalS` = the sum",
    formula: "length of the call's [talk window](#export)",
    over: "answered calls",
    notes:
      "the talk window runs from the JOIN that brings two parties together to the first LEAVE after it, or to COMPLETED if none comes first; an answered call without such a window counts as 0 s",
  },
  {
    id: "talk.mean",
    label: "ACD",
    term: "**ACD** (`talk.mean`)",
    formula: "mean talk time per answered call",
    notes: "the mean of `talk`; the gate metric `acd`",
  },
  {
    id: "setupDelay",
    label: "Setup delay",
    term: "**setup delay** (`setupDelay`)",
    formula: "first RING − START",
    over: "calls with a RING",
    notes: "calls without one are left out, `count` says how many were used",
  },
  {
    id: "timeToAnswer",
    label: "Time to answer",
    term: "**time to answer** (`timeToAnswer`)",
    formula: "first RINGRESULT ANSWER − START",
    over: "calls with an ANSWER on any leg, answered or not",
    notes:
      "an autodialer contact's ANSWER counts (export's `time_to_answer_s`), so this can be taken over more calls than `answered` counts",
  },
  {
    id: "ringTime",
    label: "Ring time",
    term: "**ring time per attempt** (`ringTime`)",
    formula: "RINGRESULT − its RING",
    over: "ring attempts with both events",
    notes: "paired by `call_id`, see [Report definitions](#report-definitions)",
  },
  {
    id: "duration",
    label: "Call duration",
    term: "**call duration** (`duration`)",
    formula: "COMPLETED − START",
    over: "every call",
  },
  {
    id: "ringAttempts",
    label: "Ring attempts",
    term: "**ring attempts per call** (`ringAttempts`)",
    formula: "RINGs before the first RINGRESULT ANSWER, or all RINGs when there is none",
    over: "every call",
    notes: "mean, median, p90; RINGs ringing in parallel all count; 0 for a call without RING",
  },
  {
    id: "inbound.abandoned",
    label: "Abandoned",
    term: "**abandoned** inbound calls (`inbound.abandoned`)",
    formula: "inbound calls with `is_answered` false and `hanged_by` phone",
    notes: "the caller hung up before anyone answered",
  },
  {
    id: "inbound.abandonRate",
    label: "Abandonment rate",
    term: "**abandonment rate** (`inbound.abandonRate`)",
    formula: "abandoned / inbound calls (`offered`)",
    notes: "abandoned: the caller hung up before anyone answered",
  },
  {
    id: "inbound.shortAbandoned",
    label: "Short abandons",
    term: "**short abandons** (`inbound.shortAbandoned`)",
    formula: "abandoned calls whose duration (START → COMPLETED) is under `--short-abandon` (default 5 s)",
    notes:
      "shown apart; they stay in `abandoned`. `abandonRateExShort` = (abandoned − short) / (offered − short)",
  },
  {
    id: "inbound.serviceLevel",
    label: "Service level",
    term: "**service level** (`inbound.serviceLevel`)",
    formula: "inbound calls answered within T / (inbound calls − short abandons)",
    notes:
      "T = `--sl-threshold` (default 20 s); answered within T: `is_answered` true and time to answer ≤ T. The variant is *answered within T / all inbound calls offered, excluding short abandons*: unanswered calls, longer abandons and late answers count against it",
  },
  {
    id: "autodialer",
    label: "Autodialer",
    term: "**autodialer** (`autodialer`): dialled, reached, connected",
    formula: "autodialer calls; those whose contact answered; those connected to an operator",
    notes:
      "reached: a RINGRESULT ANSWER on a leg other than `operator`; connected: a SIP party is one of the two parties of the talk window. `reachRate`, `connectRate` = / dialled. A contact who answers while the operator is unreachable (CHANUNAVAIL) is reached, not connected, and not answered",
  },
  ...LOAD_DEFINITIONS,
  ...DIALER_DEFINITIONS,
  ...WAITS_DEFINITIONS,
] as const satisfies readonly Definition[];

/** The id of a defined figure. */
export type FigureId = (typeof DEFINITIONS)[number]["id"];

/** The definition of one figure. */
export function definition(id: FigureId): Definition {
  return DEFINITIONS.find((d) => d.id === id) as Definition;
}

/** The markers around the generated table in README.md. */
export const README_MARKERS = {
  start: "<!-- definitions:start: generated from src/report/definitions.ts by npm run readme:definitions -->",
  end: "<!-- definitions:end -->",
} as const;

/** The README's KPI table (or another list's, headed `first`): one row per figure, as Markdown (ends with a newline). */
export function definitionsMarkdown(definitions: readonly Definition[] = DEFINITIONS, first = "KPI"): string {
  const rows = definitions.map((d: Definition) => {
    const convention = [d.over === undefined ? "" : `over ${d.over}`, d.notes ?? ""]
      .filter((part) => part !== "")
      .join("; ");
    return `| ${d.term} | ${d.formula} | ${convention} |`;
  });
  return [`| ${first} | formula | convention |`, "| --- | --- | --- |", ...rows, ""].join("\n");
}
