// The export command: one row per finalised session (complete or not), or one per event used, written to a
// sink as sessions finalise: as text (CSV, JSON, NDJSON) or as Parquet bytes.
import { EVENT_ROW_COLUMNS, eventRows } from "../call/event-row.js";
import { checkLifecycle, type LifecycleOptions } from "../call/lifecycle.js";
import { CALL_RECORD_COLUMNS, callRecord } from "../call/record.js";
import { buildTimeline } from "../call/timeline.js";
import { EventColumns, fillColumns } from "../ingest/event-columns.js";
import { type InputSummary, summarizeInput } from "../ingest/input-counts.js";
import type { InputSource } from "../ingest/read.js";
import { type ScanOptions, scanInputs } from "../ingest/scan.js";
import type { Session } from "../ingest/sessionize.js";
import { type ExportFormat, type ExportRenderOptions, exportRenderer } from "../render/export.js";
import { type ParquetEncoder, parquetEncoder } from "../render/parquet.js";
import { CALL_PARQUET_COLUMNS, EVENT_PARQUET_COLUMNS } from "../render/parquet-columns.js";
import { type ThreadedParquetEncoder, threadedParquetEncoder } from "../render/parquet-thread.js";
import { createOpenCheck, type OpenHoursSpec } from "../report/open-hours.js";
import { createZoneClock } from "../report/zone.js";

/** Options of one export run. */
export interface ExportOptions extends ScanOptions {
  format: ExportFormat;
  /** One row per call session (the default) or one per valid event used (`--events`). */
  rows?: "calls" | "events";
  lifecycle: LifecycleOptions;
  render?: ExportRenderOptions;
  /** Parquet only: rows per row group (render/parquet.ts's default when not given). */
  rowGroupRows?: number;
  /** Parquet only: 1 (one thread asked for) encodes the row groups in this thread; otherwise a worker does. */
  threads?: number;
  /** --open-hours in --tz: fills the per-call `closed` column of inbound calls. */
  openHours?: { spec: OpenHoursSpec; timeZone: string };
}

/** What an export wrote: how many rows, how many sessions (of which complete), and where the input lines went. */
export interface ExportSummary {
  rows: number;
  sessions: number;
  complete: number;
  incomplete: number;
  input: InputSummary;
}

/** Output is handed to the sink in chunks of about this many characters (and once more at the end). */
const CHUNK_CHARS = 64 * 1024;

/**
 * Streams every input (single-threaded) and writes the rows as text to `write` as each session is finalised
 * — roughly in COMPLETED order, sessions still open at the end of the input last; per event, a session's
 * events in timeline order. For --format parquet use exportParquet.
 */
export async function exportCalls(
  inputs: readonly InputSource[],
  options: ExportOptions,
  write: (chunk: string) => void,
): Promise<ExportSummary> {
  if (options.format === "parquet") throw new Error("exportCalls writes text: use exportParquet");
  const events = options.rows === "events";
  const columns = (events ? EVENT_ROW_COLUMNS : CALL_RECORD_COLUMNS) as readonly string[];
  const renderer = exportRenderer<Record<string, unknown>>(options.format, columns, options.render);
  let pending: string[] = [renderer.head()];
  let pendingChars = 0;
  const flush = (): void => {
    const chunk = pending.join("");
    pending = [];
    pendingChars = 0;
    if (chunk !== "") write(chunk);
  };
  let rows = 0;
  const summary = await scanRows(inputs, options, undefined, (row) => {
    const text = renderer.row(row as Record<string, unknown>, rows);
    rows += 1;
    pending.push(text);
    pendingChars += text.length;
    if (pendingChars >= CHUNK_CHARS) flush();
  });
  pending.push(renderer.tail(rows));
  flush();
  return summary;
}

/**
 * The same rows as a Parquet file: each full row group is encoded (in a worker thread while the scan goes on,
 * or in this one with `threads` 1) and its bytes handed to `write` in file order, so memory holds a few row
 * groups, not the file; the bytes are the same either way.
 */
export async function exportParquet(
  inputs: readonly InputSource[],
  options: ExportOptions,
  write: (chunk: Uint8Array) => void,
): Promise<ExportSummary> {
  const columns = options.rows === "events" ? EVENT_PARQUET_COLUMNS : CALL_PARQUET_COLUMNS;
  const groups = options.rowGroupRows === undefined ? {} : { rowGroupRows: options.rowGroupRows };
  const encoder =
    options.threads === 1
      ? inThisThread(parquetEncoder<object>(columns, groups))
      : threadedParquetEncoder<object>(columns, groups);
  try {
    const summary = await scanRows(inputs, options, epochMs, (row) => {
      for (const chunk of encoder.add(row)) write(chunk);
    });
    for (const chunk of await encoder.finish()) write(chunk);
    return summary;
  } finally {
    await encoder.stop();
  }
}

/** The in-thread encoder behind the threaded one's interface (nothing to wait for, nothing to stop). */
function inThisThread(encoder: ParquetEncoder<object>): ThreadedParquetEncoder<object> {
  return {
    add: (row) => encoder.add(row),
    finish: async () => encoder.finish(),
    stop: async () => {},
  };
}

/**
 * A call record's instants as Parquet stores them: the epoch ms, clipped as a Date clips them (so the value is
 * the one the ISO text would parse back to), without the round trip through text.
 */
const epochMs = (ms: number): number =>
  Number.isInteger(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : new Date(ms).getTime();

/** With open hours: whether a call starting at an instant (epoch ms) starts while closed. */
function closedCheck(openHours: ExportOptions["openHours"]): ((ms: number) => boolean) | undefined {
  if (openHours === undefined) return undefined;
  const clock = createZoneClock(openHours.timeZone);
  const isOpen = createOpenCheck(openHours.spec);
  return (ms) => !isOpen(clock(ms));
}

/** The largest instant a Date holds, in ms either side of the epoch (ECMA-262's TimeClip). */
const MAX_DATE_MS = 8.64e15;

/**
 * Scans the inputs and hands each row (a call record, its instants ISO text or written by `instant`, or an
 * event row) to `onRow` as its session finalises.
 */
async function scanRows(
  inputs: readonly InputSource[],
  options: ExportOptions,
  instant: ((ms: number) => number) | undefined,
  onRow: (row: object) => void,
): Promise<ExportSummary> {
  const events = options.rows === "events";
  let rows = 0;
  let sessions = 0;
  let complete = 0;
  // A call's row is made from the session's columns: its events are made only for the ids of findings.
  const columns = new EventColumns();
  const closedAt = closedCheck(options.openHours);
  const onSession = (session: Session): void => {
    const timeline = events ? buildTimeline(session) : buildTimeline(session, fillColumns(session, columns));
    sessions += 1;
    if (timeline.status === "complete") complete += 1;
    if (events) {
      for (const row of eventRows(timeline)) onRow(row);
      rows += timeline.events.length;
    } else {
      const findings = checkLifecycle(timeline, options.lifecycle, columns);
      const record =
        instant === undefined
          ? callRecord(timeline, findings, undefined, columns)
          : callRecord(timeline, findings, instant, columns);
      if (closedAt !== undefined && timeline.direction === "inbound" && timeline.startedAt !== undefined)
        record.closed = closedAt(timeline.startedAt);
      onRow(record);
      rows += 1;
    }
  };
  // Line problems are not part of the export (validate lists them); invalid lines are counted in `input`.
  const counts = await scanInputs(inputs, options, { add: () => {} }, onSession);
  return {
    rows,
    sessions,
    complete,
    incomplete: sessions - complete,
    input: summarizeInput(
      counts,
      inputs.map((input) => input.name),
    ),
  };
}
