// The callers command as the CLI runs it: flags -> inputs -> missed callers -> renderer -> exit code.
import { missedCallers } from "../commands/callers.js";
import { type CallersFormat, callersTextRenderer } from "../render/callers.js";
import { renderCallersTable } from "../render/callers-table.js";
import type { CallerRow } from "../report/callers.js";
import { type CliIO, EXIT, openSink, reportFailure, type Sink, UsageError, useColor } from "./io.js";
import type { TimelineFlags } from "./run.js";
import { prepareSingleScan } from "./run-single.js";

/** Flags of callers. */
export interface CallersFlags extends TimelineFlags {
  open?: boolean;
  /** --return-window, in seconds (cli/duration.ts). */
  returnWindow: number;
  excelSafe?: boolean;
}

/** Output is handed to the sink in chunks of about this many characters (and once more at the end). */
const CHUNK_CHARS = 64 * 1024;

/** Runs callers: the worklist as a table (rows held to lay it out) or streamed as CSV or JSON. */
export async function runCallers(files: string[], flags: CallersFlags, io: CliIO): Promise<number> {
  let sink: Sink | undefined;
  try {
    const format = flags.format as CallersFormat;
    if (flags.excelSafe === true && format !== "csv")
      throw new UsageError("--excel-safe only applies to --format csv.");
    const { inputs, options, meter } = await prepareSingleScan(files, flags, io);
    sink = openSink(flags.output, io);
    const write = sink.write;
    const callersOptions = {
      ...options,
      windowS: flags.returnWindow,
      maxCallS: flags.maxCallLength,
      openOnly: flags.open === true,
    };
    if (format === "table") {
      const rows: CallerRow[] = [];
      const result = await missedCallers(inputs, callersOptions, (row) => void rows.push(row));
      meter?.done();
      const color = flags.output === undefined && useColor(io);
      write(
        renderCallersTable(rows, result, { color, open: flags.open === true, windowS: flags.returnWindow }),
      );
    } else {
      const settings = { returnWindowS: flags.returnWindow, open: flags.open === true };
      const render = {
        excelSafe: flags.excelSafe === true,
        terminal: flags.output === undefined && io.stdout.isTTY === true,
      };
      const renderer = callersTextRenderer(format, settings, render);
      let pending = renderer.head();
      let rows = 0;
      const result = await missedCallers(inputs, callersOptions, (row) => {
        pending += renderer.row(row, rows);
        rows += 1;
        if (pending.length >= CHUNK_CHARS) {
          write(pending);
          pending = "";
        }
      });
      meter?.done();
      write(pending + renderer.tail(result, rows));
    }
    await sink.close();
    return EXIT.ok;
  } catch (error) {
    sink?.abort();
    return reportFailure(error, io);
  }
}
