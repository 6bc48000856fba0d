// The export command: one row per finalised session (complete or not), written to a sink as sessions finalise.
import { callRecord } from "../call/record.js";
import { type InputSummary, summarizeInput } from "../ingest/input-counts.js";
import { checkLifecycle, type LifecycleOptions } from "../call/lifecycle.js";
import type { InputSource } from "../ingest/read.js";
import { type ScanOptions, scanInputs } from "../ingest/scan.js";
import type { Session } from "../ingest/sessionize.js";
import { buildTimeline } from "../call/timeline.js";
import { type ExportFormat, type ExportRenderOptions, exportRenderer } from "../render/export.js";

/** Options of one export run. */
export interface ExportOptions extends ScanOptions {
  format: ExportFormat;
  lifecycle: LifecycleOptions;
  render?: ExportRenderOptions;
}

/** What an export wrote: how many rows (sessions), of which complete, and where the input lines went. */
export interface ExportSummary {
  rows: number;
  complete: number;
  incomplete: number;
  input: InputSummary;
}

/** Output is handed to the sink in chunks of about this many characters (and once more at the end). */
const CHUNK_CHARS = 64 * 1024;

/**
 * Streams every input (single-threaded) and writes one row per session to `write` as each session is
 * finalised — roughly in COMPLETED order, sessions still open at the end of the input last.
 */
export async function exportCalls(
  inputs: readonly InputSource[],
  options: ExportOptions,
  write: (chunk: string) => void,
): Promise<ExportSummary> {
  const renderer = exportRenderer(options.format, options.render);
  let pending: string[] = [renderer.head()];
  let pendingChars = 0;
  const flush = (): void => {
    const chunk = pending.join("");
    pending = [];
    pendingChars = 0;
    if (chunk !== "") write(chunk);
  };
  let rows = 0;
  let complete = 0;
  const onSession = (session: Session): void => {
    const timeline = buildTimeline(session);
    const text = renderer.row(callRecord(timeline, checkLifecycle(timeline, options.lifecycle)), rows);
    rows += 1;
    if (timeline.status === "complete") complete += 1;
    pending.push(text);
    pendingChars += text.length;
    if (pendingChars >= CHUNK_CHARS) flush();
  };
  // Line problems are not part of the export (validate lists them); invalid lines are counted in `input`.
  const counts = await scanInputs(inputs, options, { add: () => {} }, onSession);
  pending.push(renderer.tail(rows));
  flush();
  return {
    rows,
    complete,
    incomplete: rows - complete,
    input: summarizeInput(
      counts,
      inputs.map((input) => input.name),
    ),
  };
}
