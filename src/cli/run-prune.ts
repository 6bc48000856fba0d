// prune at the CLI edge: the directory, --older-than, --dry-run -> the removals -> the report and exit code.
import { stat } from "node:fs/promises";
import { nodeFileLayer } from "../collect/file-layer.js";
import { pruneDirectory } from "../collect/retention.js";
import { renderPrune } from "../render/prune.js";
import { type CliIO, EXIT, emit, PROGRAM, reportFailure, UsageError } from "./io.js";

/** Flags of prune. */
export interface PruneFlags {
  /** --older-than, in seconds (cli/duration.ts). */
  olderThan: number;
  dryRun?: boolean;
}

/** The shortest --older-than: today's and yesterday's files are never in reach. */
export const MIN_OLDER_THAN_S = 86_400;

/** Runs prune: 0 when every expired file is gone (or listed, with --dry-run), 2 when one could not be removed. */
export async function runPrune(dir: string, flags: PruneFlags, io: CliIO, now = new Date()): Promise<number> {
  try {
    if (flags.olderThan < MIN_OLDER_THAN_S)
      throw new UsageError("--older-than must be at least 1d: a younger file may still be written to.");
    const found = await stat(dir).catch(() => undefined);
    if (found === undefined) throw new UsageError(`no such directory: ${dir}.`);
    if (!found.isDirectory()) throw new UsageError(`${dir} is not a directory.`);
    const dryRun = flags.dryRun === true;
    const result = await pruneDirectory(dir, now, flags.olderThan, { dryRun, files: nodeFileLayer });
    await emit(renderPrune(result, { dryRun }), undefined, io);
    if (result.failed.length === 0) return EXIT.ok;
    io.stderr.write(
      `${PROGRAM}: ${result.failed.length} of the expired daily files could not be removed (listed above).\n`,
    );
    return EXIT.usage;
  } catch (error) {
    return reportFailure(error, io);
  }
}
