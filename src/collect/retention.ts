// Retention of the daily files: which of collect's files (events-/rejected-YYYY-MM-DD.ndjson, also gzipped)
// are older than a duration, and their removal, each file whole (an unlink), the directory synced after.
import { readdir, unlink } from "node:fs/promises";
import { join } from "node:path";
import type { FileLayer } from "./file-layer.js";

/** A daily file of collect's: its name and the UTC day it holds. */
export interface DailyFile {
  name: string;
  day: string;
}

/** What one pass removed, and what it could not (with the system's word for why). */
export interface PruneResult {
  removed: DailyFile[];
  failed: { name: string; error: string }[];
  /** Daily files kept (not old enough). */
  kept: number;
}

const DAILY_NAME = /^(?:events|rejected)-(\d{4}-\d{2}-\d{2})\.ndjson(?:\.gz)?$/;
const DAY_MS = 86_400_000;

/** The day a daily file's name holds, or undefined for any other file (never touched). */
export function dailyFileDay(name: string): string | undefined {
  const day = DAILY_NAME.exec(name)?.[1];
  if (day === undefined) return undefined;
  // Date.parse rolls 2026-02-30 over to March: only a day that reads back the same is one.
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().startsWith(day) ? day : undefined;
}

/**
 * The daily files among `names` whose whole day ended at least `olderThanS` seconds before `now`: a file of
 * day D goes once D + 1 day + olderThan is past, so with 1 day yesterday's file stays until today ends.
 */
export function expiredDailyFiles(names: readonly string[], now: Date, olderThanS: number): DailyFile[] {
  const cutoff = now.getTime() - olderThanS * 1000;
  const expired: DailyFile[] = [];
  for (const name of names) {
    const day = dailyFileDay(name);
    if (day !== undefined && Date.parse(`${day}T00:00:00Z`) + DAY_MS <= cutoff) expired.push({ name, day });
  }
  return expired.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.name < b.name ? -1 : 1));
}

/** Removes (or with `dryRun` only lists) the expired daily files of `dir`; a failure is reported, not thrown. */
export async function pruneDirectory(
  dir: string,
  now: Date,
  olderThanS: number,
  options: {
    dryRun?: boolean;
    files?: Pick<FileLayer, "syncDirectory">;
    remove?: (path: string) => Promise<void>;
  } = {},
): Promise<PruneResult> {
  const names = await readdir(dir);
  const expired = expiredDailyFiles(names, now, olderThanS);
  const daily = names.filter((name) => dailyFileDay(name) !== undefined).length;
  const result: PruneResult = { removed: [], failed: [], kept: daily - expired.length };
  if (options.dryRun === true) return { ...result, removed: expired };
  const remove = options.remove ?? unlink;
  for (const file of expired) {
    try {
      await remove(join(dir, file.name));
      result.removed.push(file);
    } catch (error) {
      result.failed.push({ name: file.name, error: (error as NodeJS.ErrnoException).code ?? String(error) });
    }
  }
  // The removals must survive a power loss as the files' creations do.
  if (result.removed.length > 0 && options.files !== undefined) await options.files.syncDirectory(dir);
  return result;
}
