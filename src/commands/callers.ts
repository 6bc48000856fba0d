// The callers command: every missed inbound caller and what became of them (returned, attempted, called
// again, open), rows handed on as they are settled.
import { buildTimeline } from "../call/timeline.js";
import { type InputSummary, summarizeInput } from "../ingest/input-counts.js";
import type { InputSource } from "../ingest/read.js";
import { type ScanOptions, scanInputs } from "../ingest/scan.js";
import type { Session } from "../ingest/sessionize.js";
import {
  type CallerRow,
  type CallersSummary,
  callerMatcher,
  type CallersOptions as MatchOptions,
} from "../report/callers.js";

/** Options of one callers run. */
export interface CallersOptions extends ScanOptions, MatchOptions {
  /** `--open`: hand on only the rows nobody has returned yet (open, window not over). */
  openOnly: boolean;
}

/** What a callers run found besides its rows: the summary over every row, and where the input lines went. */
export interface CallersResult {
  summary: CallersSummary;
  input: InputSummary;
}

/** The rows `--open` keeps: nobody returned the caller, tried to, or heard from them again. */
export function isUnreturned(row: CallerRow): boolean {
  return row.status === "open" || row.status === "window-not-over";
}

/** Streams the inputs (single-threaded) and hands each missed caller's row to `onRow` once it is settled. */
export async function missedCallers(
  inputs: readonly InputSource[],
  options: CallersOptions,
  onRow: (row: CallerRow) => void,
): Promise<CallersResult> {
  const matcher = callerMatcher(options, (row) => {
    if (!options.openOnly || isUnreturned(row)) onRow(row);
  });
  const onSession = (session: Session): void => matcher.add(buildTimeline(session));
  // Line problems are validate's business; invalid lines are counted in `input`.
  const counts = await scanInputs(inputs, options, { add: () => {} }, onSession);
  const summary = matcher.finish();
  return {
    summary,
    input: summarizeInput(
      counts,
      inputs.map((input) => input.name),
    ),
  };
}
