// The commands that scan in one thread, as the CLI runs them: export (rows streamed) and timeline (one
// session): flags -> inputs -> command -> renderer -> exit code.
import { stat } from "node:fs/promises";
import { exportCalls, exportParquet } from "../commands/export.js";
import { exportOperators } from "../commands/export-operators.js";
import { timelineOf } from "../commands/timeline.js";
import { escapeControls, toSafeJson } from "../render/escape.js";
import type { ExportFormat } from "../render/export.js";
import { renderTimelineText } from "../render/timeline-text.js";
import { resolveInputs, sessionizeOptions } from "./args.js";
import { orderedInputs } from "./inputs.js";
import {
  type CliIO,
  EXIT,
  emit,
  openSink,
  PROGRAM,
  progressMeter,
  progressOption,
  reportFailure,
  type Sink,
  UsageError,
  useColor,
} from "./io.js";
import { loadOpenHours } from "./open-hours.js";
import type { ExportFlags, TimelineFlags } from "./run.js";

/** Runs export: one row per session, streamed. */
export async function runExport(files: string[], flags: ExportFlags, io: CliIO): Promise<number> {
  let sink: Sink | undefined;
  try {
    if (flags.excelSafe === true && flags.format !== "csv") {
      throw new UsageError("--excel-safe only applies to --format csv.");
    }
    if (flags.format === "parquet" && flags.output === undefined) {
      throw new UsageError("--format parquet writes a binary file: give it with -o FILE.");
    }
    const openHours = await loadOpenHours(flags);
    const { inputs, options, meter } = await prepareSingleScan(files, flags, io);
    sink = openSink(flags.output, io);
    const write = sink.write;
    const render = {
      excelSafe: flags.excelSafe === true,
      terminal: flags.output === undefined && io.stdout.isTTY === true,
    };
    const rows = flags.events === true ? ("events" as const) : ("calls" as const);
    const exportOptions = {
      ...options,
      format: flags.format as ExportFormat,
      rows,
      render,
      ...(openHours === undefined ? {} : { openHours: { spec: openHours, timeZone: flags.tz ?? "UTC" } }),
    };
    if (flags.operators === true) {
      if (flags.events === true)
        throw new UsageError("--operators and --events are two kinds of row: give one.");
      const scorecard = { missedRing: flags.missedRing, shortCallSeconds: flags.shortCall };
      await exportOperators(inputs, exportOptions, { scorecard, timeZone: flags.tz }, write, sink.writeBytes);
    } else if (exportOptions.format === "parquet") {
      const writeBytes = sink.writeBytes;
      await exportParquet(inputs, exportOptions, (chunk) => writeBytes(chunk));
    } else await exportCalls(inputs, exportOptions, (chunk) => write(chunk));
    meter?.done();
    await sink.close();
    return EXIT.ok;
  } catch (error) {
    sink?.abort();
    return reportFailure(error, io);
  }
}

/** Runs timeline: one session as a ladder or as JSON; exit 1 when the session is not in the input. */
export async function runTimeline(
  sessionId: string,
  files: string[],
  flags: TimelineFlags,
  io: CliIO,
  usage = `${PROGRAM} timeline [options] <session_id> [files...]`,
): Promise<number> {
  try {
    if (files.length === 0) await checkSessionIdFirst(sessionId, io, usage);
    const { inputs, options, meter } = await prepareSingleScan(files, flags, io);
    const view = await timelineOf(inputs, { ...options, sessionId });
    meter?.done();
    if (view === null) {
      // Not a usage error (the command was well formed) but nothing to show: exit 1, like a finding.
      io.stderr.write(`${PROGRAM}: no session "${escapeControls(sessionId)}" in the input.\n`);
      return EXIT.findings;
    }
    const color = flags.output === undefined && flags.format === "text" && useColor(io);
    const text = flags.format === "json" ? `${toSafeJson(view, 2)}\n` : renderTimelineText(view, { color });
    await emit(text, flags.output, io);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error, io);
  }
}

/**
 * With no input file named, a session id that names a file (`timeline dump.ndjson`, the id forgotten) or a
 * terminal on stdin is a usage error that says the session id comes first.
 */
async function checkSessionIdFirst(sessionId: string, io: CliIO, usage: string): Promise<void> {
  const named = await stat(sessionId).then(
    () => true,
    () => false,
  );
  if (named)
    throw new UsageError(
      `"${sessionId}" is a file, but the first argument is the session id, then the files (usage: ${usage}).`,
    );
  if (io.stdin.isTTY)
    throw new UsageError(
      `no input: the first argument is the session id, then the files or - for stdin (usage: ${usage}).`,
    );
}

/** Inputs, scan and lifecycle options and the progress meter of a single-threaded run (export, timeline). */
export async function prepareSingleScan(files: string[], flags: TimelineFlags, io: CliIO) {
  const { paths, bytes } = await resolveInputs(files, 1, io, flags.output);
  const { inputs, fastPath, validator } = await orderedInputs(paths, flags, io);
  const meter = progressMeter(flags, io, bytes);
  const options = {
    validator: await validator(),
    maxLineBytes: flags.maxLineBytes,
    fastPath,
    sessionize: sessionizeOptions(flags),
    lifecycle: { maxCallMs: flags.maxCallLength * 1000 },
    ...progressOption(meter),
  };
  return { inputs, options, meter };
}
