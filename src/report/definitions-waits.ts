// The waits' definitions (report key `waits`), concatenated into the figures' definitions (definitions.ts).
import type { Definition } from "./definitions.js";

const OPEN = "with `--open-hours`, over the inbound calls that started while open only";

/** The waits figures, in the README's order; ids are paths of the JSON report (under `waits`). */
export const WAITS_DEFINITIONS = [
  {
    id: "waits.buckets",
    label: "Wait",
    term: "**wait** of an inbound call (`waits.buckets`, export `wait_s`)",
    formula:
      "answered (COMPLETED `is_answered` true): START → first RINGRESULT ANSWER; abandoned (not answered, `hanged_by` phone): START → COMPLETED",
    over: "inbound calls",
    notes:
      "other unanswered calls (the operator's side hung up) have no wait. Buckets 0-5, 5-10, 10-20, 20-30, 30-60, 60-120, 120-300, 300+ s: a bucket holds its upper edge (exactly 5 s is in 0-5, exactly 300 s in 120-300)",
  },
  {
    id: "waits.asaS",
    label: "Average speed of answer",
    term: "**ASA**, average speed of answer (`waits.asaS`)",
    formula: "sum of the waits of answered inbound calls / answered inbound calls with a RINGRESULT ANSWER",
    notes: OPEN,
  },
  {
    id: "waits.longestWaitS",
    label: "Longest wait",
    term: "**longest wait** (`waits.longestWaitS`)",
    formula: "the longest wait of an answered or abandoned inbound call",
    notes: OPEN,
  },
  {
    id: "waits.serviceLevels",
    label: "Service level by threshold",
    term: "**service level** per threshold (`waits.serviceLevels`)",
    formula:
      "inbound calls answered with a wait ≤ T / (inbound calls − short abandons), for each T of `--sl-threshold`",
    notes: `\`--sl-threshold 10,20,30,60\` gives four; the first is the headline and equals \`kpis.inbound.serviceLevel\`. Each bucket's \`answeredWithinShare\` is the same ratio at the bucket's upper edge; ${OPEN}`,
  },
  {
    id: "waits.closed",
    label: "Closed",
    term: "**closed** calls (`waits.closed`): calls, answered, abandoned",
    formula:
      "inbound calls whose START falls outside `--open-hours` (local wall clock in `--tz`) or on a `--holidays` date",
    notes:
      "the START decides: a call that starts before opening and ends after is closed. They leave `waits` (offered, answered, abandoned, ASA, longest wait, buckets, service levels) and the inbound KPIs (`kpis.inbound`: offered, abandoned, abandonment rates, service level); every other figure (calls, ASR, times, breakdowns, activity) still counts them. Null without `--open-hours`",
  },
] as const satisfies readonly Definition[];
